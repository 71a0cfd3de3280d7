import { randomBytes } from "node:crypto";
import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { beforeEach, describe, expect, it } from "vitest";
import { findStore } from "../src/storage/store-registry.js";
import { codeOf, createFixture, type Fixture, readAll, strayContent, writeText } from "./fixture.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await createFixture();
  return fx.teardown;
});

/** Content staged in the volume but never committed: a failed write must leave none. */
function partialFiles(): string[] {
  return strayContent(fx.name);
}

describe("writeFile and readFile", () => {
  it("readFile restores the executable bit writeFile recorded", async () => {
    const script = join(fx.dir, "run.sh");
    await writeFile(script, "#!/bin/sh\necho hi\n");
    await chmod(script, 0o755);
    const fileId = await fx.store.writeFile(script);
    const out = join(fx.dir, "copy.sh");
    await fx.store.readFile(fileId, out);
    expect((await stat(out)).mode & 0o111).not.toBe(0);
    expect(await readFile(out, "utf8")).toBe("#!/bin/sh\necho hi\n");
  });

  it("readFile of a non-executable file writes a non-executable copy", async () => {
    const data = join(fx.dir, "data.txt");
    await writeFile(data, "plain");
    await chmod(data, 0o644);
    const out = join(fx.dir, "out.txt");
    await fx.store.readFile(await fx.store.writeFile(data), out);
    expect((await stat(out)).mode & 0o111).toBe(0);
  });

  it("writeFile of a missing local path rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(fx.store.writeFile(join(fx.dir, "nope")))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("readFile of a missing file rejects with JOBSTORE_NO_SUCH_FILE and writes nothing", async () => {
    const out = join(fx.dir, "never");
    expect(await codeOf(fx.store.readFile("missing", out))).toBe("JOBSTORE_NO_SUCH_FILE");
    await expect(stat(out)).rejects.toThrow();
  });
});

describe("writeFileStream and readFileStream", () => {
  it("a file written with writeFileStream reads back byte for byte", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const fileId = await fx.store.writeFileStream(async (w) => {
      for (let at = 0; at < bytes.length; at += 64 * 1024) {
        if (!w.write(bytes.subarray(at, at + 64 * 1024))) await new Promise((r) => w.once("drain", r));
      }
    });
    expect((await buffer(await fx.store.readFileStream(fileId))).equals(bytes)).toBe(true);
    expect(await fx.store.getFileSize(fileId)).toBe(bytes.length);
  });

  it("the callback receives the file ID writeFileStream resolves to", async () => {
    let seen = "";
    const fileId = await fx.store.writeFileStream((w, id) => {
      seen = id;
      w.end();
    });
    expect(seen).toBe(fileId);
  });

  it("a writeFileStream whose callback rejects stores nothing", async () => {
    const failure = new Error("the callback failed");
    let fileId = "";
    await expect(
      fx.store.writeFileStream(async (w, id) => {
        fileId = id;
        w.write("half of it");
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await fx.store.fileExists(fileId)).toBe(false);
    expect(partialFiles()).toEqual([]);
  });

  it("readFileStream of a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(fx.store.readFileStream("missing"))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("destroying a stream after one chunk neither hangs nor breaks later reads", async () => {
    const fileId = await writeText(fx.store, "x".repeat(1024 * 1024));
    const stream = await fx.store.readFileStream(fileId);
    await new Promise<void>((resolve) => {
      stream.once("data", () => {
        stream.destroy();
        resolve();
      });
    });
    // 'close' may already have fired (the stream closes its descriptor synchronously).
    if (!stream.closed) await new Promise((resolve) => stream.once("close", resolve));
    expect(stream.destroyed).toBe(true);
    expect((await readAll(await fx.store.readFileStream(fileId))).length).toBe(1024 * 1024);
  });

  it("a reader that opened a file keeps its content when the file is updated or deleted", async () => {
    const fileId = await writeText(fx.store, "first");
    const stream = await fx.store.readFileStream(fileId);
    await fx.store.updateFileStream(fileId, (w) => {
      w.end("second");
    });
    await fx.store.deleteFile(fileId);
    expect(await readAll(stream)).toBe("first");
  });

  it("getEmptyFileStoreId makes an empty file that exists and reads as empty", async () => {
    const fileId = await fx.store.getEmptyFileStoreId();
    expect(await fx.store.fileExists(fileId)).toBe(true);
    expect(await fx.store.getFileSize(fileId)).toBe(0);
    expect(await readAll(await fx.store.readFileStream(fileId))).toBe("");
  });
});

describe("updateFile and updateFileStream", () => {
  it("updateFileStream replaces the content", async () => {
    const fileId = await writeText(fx.store, "v1");
    await fx.store.updateFileStream(fileId, (w) => {
      w.end("version two");
    });
    expect(await readAll(await fx.store.readFileStream(fileId))).toBe("version two");
    expect(await fx.store.getFileSize(fileId)).toBe(11);
  });

  it("updateFile replaces the content from a local path", async () => {
    const fileId = await writeText(fx.store, "v1");
    const local = join(fx.dir, "v2.txt");
    await writeFile(local, "from disk");
    await fx.store.updateFile(fileId, local);
    expect(await readAll(await fx.store.readFileStream(fileId))).toBe("from disk");
  });

  it("updateFileStream on a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(fx.store.updateFileStream("missing", (w) => w.end("x")))).toBe(
      "JOBSTORE_NO_SUCH_FILE",
    );
  });

  it("updateFile on a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const local = join(fx.dir, "x.txt");
    await writeFile(local, "x");
    expect(await codeOf(fx.store.updateFile("missing", local))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("a failed updateFileStream leaves the previous content and no partial file", async () => {
    const failure = new Error("the callback failed");
    const fileId = await writeText(fx.store, "keep me");
    await expect(
      fx.store.updateFileStream(fileId, async (w) => {
        w.write("garbage");
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readAll(await fx.store.readFileStream(fileId))).toBe("keep me");
    expect(partialFiles()).toEqual([]);
  });

  it("the slower of two overlapping updates rejects with JOBSTORE_CONCURRENT_MODIFICATION", async () => {
    const fileId = await writeText(fx.store, "v1");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = fx.store.updateFileStream(fileId, async (w) => {
      w.write("slow");
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await fx.store.updateFileStream(fileId, (w) => {
      w.end("fast");
    });
    release();
    expect(await codeOf(slow)).toBe("JOBSTORE_CONCURRENT_MODIFICATION");
    expect(await readAll(await fx.store.readFileStream(fileId))).toBe("fast");
  });

  it("an update racing a delete rejects with JOBSTORE_NO_SUCH_FILE and does not resurrect the file", async () => {
    const fileId = await writeText(fx.store, "v1");
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const update = fx.store.updateFileStream(fileId, async (w) => {
      w.write("late");
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    await fx.store.deleteFile(fileId);
    release();
    expect(await codeOf(update)).toBe("JOBSTORE_NO_SUCH_FILE");
    expect(await fx.store.fileExists(fileId)).toBe(false);
  });
});

describe("deleteFile, fileExists, getFileSize", () => {
  it("deleteFile removes the file and is idempotent", async () => {
    const fileId = await writeText(fx.store, "x");
    await fx.store.deleteFile(fileId);
    await fx.store.deleteFile(fileId);
    expect(await fx.store.fileExists(fileId)).toBe(false);
    expect(await codeOf(fx.store.readFileStream(fileId))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("getFileSize of a missing file is 0", async () => {
    expect(await fx.store.getFileSize("missing")).toBe(0);
  });

  it("a deleted file's content leaves the volume", async () => {
    const fileId = await writeText(fx.store, "x");
    await fx.store.deleteFile(fileId);
    expect(findStore(fx.name)!.fs.readdirSync("/content")).toHaveLength(1); // config.json only
  });
});
