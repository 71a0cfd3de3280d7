import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { JobStoreError } from "../src/index.js";
import { expectCode, openStore } from "./fixtures.js";
import { readAll } from "./stub-backend.js";

const MiB = 1024 * 1024;

/** Writes `total` bytes in 1 MiB chunks, waiting for 'drain' whenever the writable asks to. */
async function writeWithBackpressure(w: Writable, total: number): Promise<void> {
  const chunk = Buffer.alloc(MiB, 7);
  for (let sent = 0; sent < total; sent += chunk.length) {
    if (!w.write(chunk)) await once(w, "drain");
  }
}

/** Rejects if `promise` has not settled within `ms`; the margin is generous for a loaded 2-core machine. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => {
      throw new Error(`still pending after ${ms} ms`);
    }),
  ]);
}

describe("writeFileStream", () => {
  it("stores what the callback writes, ending the stream for it", async () => {
    const { store } = await openStore();
    const fileId = await store.writeFileStream((w) => {
      w.write("hello ");
      w.write("world");
    });
    expect((await readAll(await store.readFileStream(fileId))).toString()).toBe("hello world");
  });

  it("passes the callback the same fileId it returns", async () => {
    const { store } = await openStore();
    let seen: string | undefined;
    const fileId = await store.writeFileStream((w, id) => {
      seen = id;
      w.end();
    });
    expect(seen).toBe(fileId);
  });

  it("a callback that writes nothing stores an empty file", async () => {
    const { store } = await openStore();
    const fileId = await store.writeFileStream(async () => {});
    expect(await store.fileExists(fileId)).toBe(true);
    expect(await store.getFileSize(fileId)).toBe(0);
  });

  it("a callback that rejects stores nothing and the call rejects with its error", async () => {
    const { store, backend } = await openStore();
    const mine = new Error("callback failed");
    await expect(
      store.writeFileStream(async (w) => {
        w.write("partial");
        throw mine;
      }),
    ).rejects.toBe(mine);
    expect(backend.state.files.size).toBe(0);
  });

  it("a callback that ends the stream and then throws stores nothing", async () => {
    const { store, backend } = await openStore();
    await expect(
      store.writeFileStream(async (w) => {
        w.end("complete-looking content");
        await sleep(10);
        throw new Error("late failure");
      }),
    ).rejects.toThrow("late failure");
    expect(backend.state.files.size).toBe(0);
  });

  it("the backend consumes while the callback writes, never the whole file at once", async () => {
    let received = 0;
    let receivedWhenCallbackDone = -1;
    const { store } = await openStore({
      overrides: {
        async writeFile(_id, source: Readable) {
          for await (const chunk of source) received += (chunk as Buffer).length;
        },
      },
    });
    await store.writeFileStream(async (w) => {
      await writeWithBackpressure(w, 16 * MiB);
      receivedWhenCallbackDone = received;
    });
    // At most the two 1 MiB buffers between the callback and the backend may lag behind.
    expect(receivedWhenCallbackDone).toBeGreaterThanOrEqual(16 * MiB - 4 * MiB);
    expect(received).toBe(16 * MiB);
  });

  it("a backend that fails early rejects the call promptly while the callback is blocked on backpressure", async () => {
    let callbackSettled = false;
    const { store } = await openStore({
      overrides: {
        async writeFile() {
          await sleep(20);
          throw new JobStoreError("JOBSTORE_UNAVAILABLE", "storage went away");
        },
      },
    });
    const writing = store.writeFileStream(async (w) => {
      try {
        await writeWithBackpressure(w, 50 * MiB);
      } finally {
        callbackSettled = true;
      }
    });
    await expectCode(within(writing, 5000), "JOBSTORE_UNAVAILABLE");
    // The blocked callback is released too (its 'drain' wait sees the error), not left hanging.
    await within(
      (async () => {
        while (!callbackSettled) await sleep(5);
      })(),
      5000,
    );
  });

  it("a backend failure while the callback ignores stream errors raises no uncaught error", async () => {
    const { store } = await openStore({
      overrides: {
        async writeFile() {
          throw new JobStoreError("JOBSTORE_UNAVAILABLE", "storage went away");
        },
      },
    });
    await expectCode(
      store.writeFileStream(async (w) => {
        w.write("some bytes");
        await sleep(30);
      }),
      "JOBSTORE_UNAVAILABLE",
    );
    // Give a stray 'error' event time to surface: vitest fails the run on an uncaught exception.
    await sleep(30);
  });

  it("a callback failure while the backend is not yet reading raises no uncaught error", async () => {
    const { store } = await openStore({
      overrides: {
        async writeFile(_id, source: Readable) {
          await sleep(30);
          await readAll(source);
        },
      },
    });
    const mine = new Error("callback failed");
    await expect(
      store.writeFileStream(() => {
        throw mine;
      }),
    ).rejects.toBe(mine);
    await sleep(60);
  });

  it("a callback that is not a function throws TypeError without I/O", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    await expect(store.writeFileStream("nope" as never)).rejects.toThrow(TypeError);
    expect(backend.totalCalls()).toBe(before);
  });
});

describe("updateFileStream", () => {
  it("replaces the content with what the callback writes", async () => {
    const { store } = await openStore();
    const fileId = await store.writeFileStream((w) => void w.end("old"));
    await store.updateFileStream(fileId, (w) => void w.end("new"));
    expect((await readAll(await store.readFileStream(fileId))).toString()).toBe("new");
  });

  it("a callback that rejects leaves the previous content", async () => {
    const { store } = await openStore();
    const fileId = await store.writeFileStream((w) => void w.end("old"));
    await expect(
      store.updateFileStream(fileId, async (w) => {
        w.end("new");
        throw new Error("nope");
      }),
    ).rejects.toThrow("nope");
    expect((await readAll(await store.readFileStream(fileId))).toString()).toBe("old");
  });

  it("on a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const { store } = await openStore();
    await expectCode(
      store.updateFileStream("missing", (w) => void w.end("x")),
      "JOBSTORE_NO_SUCH_FILE",
    );
  });

  it("on the empty ID rejects with JOBSTORE_NO_SUCH_FILE without I/O", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    await expectCode(
      store.updateFileStream("", (w) => void w.end("x")),
      "JOBSTORE_NO_SUCH_FILE",
    );
    expect(backend.totalCalls()).toBe(before);
  });
});

describe("writeSharedFileStream", () => {
  it("creates and then replaces a shared file", async () => {
    const { store } = await openStore();
    await store.writeSharedFileStream("notes.txt", (w) => void w.end("one"));
    await store.writeSharedFileStream("notes.txt", (w) => void w.end("two"));
    expect((await readAll(await store.readSharedFileStream("notes.txt"))).toString()).toBe("two");
  });

  it("a callback that rejects leaves the previous content", async () => {
    const { store } = await openStore();
    await store.writeSharedFileStream("notes.txt", (w) => void w.end("one"));
    await expect(
      store.writeSharedFileStream("notes.txt", (w) => {
        w.end("two");
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expect((await readAll(await store.readSharedFileStream("notes.txt"))).toString()).toBe("one");
  });

  it("readSharedFileStream of a missing name rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const { store } = await openStore();
    await expectCode(store.readSharedFileStream("missing"), "JOBSTORE_NO_SUCH_FILE");
  });
});
