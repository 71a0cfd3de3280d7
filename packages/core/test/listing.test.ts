import { describe, expect, it } from "vitest";
import type { FileInfo } from "../src/index.js";
import { collect, expectCode, openStore } from "./fixtures.js";

describe("listFiles", () => {
  it("yields every file with its owner, cleanup flag, size, basename and executable bit", async () => {
    const { store } = await openStore();
    const owned = await store.writeFileStream((w) => void w.end("abc"), {
      jobId: "j1",
      cleanup: true,
      basename: "out.txt",
    });
    const loose = await store.getEmptyFileStoreId();
    const files = await collect(store.listFiles());
    expect(files.find((f) => f.fileId === owned)).toMatchObject({
      jobId: "j1",
      cleanup: true,
      size: 3,
      basename: "out.txt",
      executable: false,
    });
    expect(files.find((f) => f.fileId === loose)).toMatchObject({ cleanup: false, size: 0 });
    expect(files).toHaveLength(2);
  });

  it("never yields a file twice, even when the backend repeats one", async () => {
    const info: FileInfo = { fileId: "f", cleanup: false, executable: false, size: 1, encrypted: false };
    const { store } = await openStore({
      overrides: {
        async *listFiles() {
          yield info;
          yield info;
        },
      },
    });
    expect(await collect(store.listFiles())).toEqual([info]);
  });

  it("a backend error during the walk becomes a JobStoreError", async () => {
    const { store } = await openStore({
      overrides: {
        // biome-ignore lint/correctness/useYield: the walk fails before its first item
        async *listFiles() {
          throw new Error("disk gone");
        },
      },
    });
    await expectCode(collect(store.listFiles()), "JOBSTORE_UNAVAILABLE");
  });

  it("a walk asked for before close and started after it rejects with JOBSTORE_CLOSED", async () => {
    const { store, backend } = await openStore();
    const walk = store.listFiles();
    await store.close();
    await expectCode(collect(walk), "JOBSTORE_CLOSED");
    expect(backend.calls.get("listFiles")).toBeUndefined();
  });
});

describe("listSharedFiles", () => {
  it("includes config.json and the shared files written, each once", async () => {
    const { store } = await openStore();
    await store.writeSharedFileStream("notes.txt", (w) => void w.end("hello"));
    const names = (await collect(store.listSharedFiles())).map((f) => f.name).sort();
    expect(names).toEqual(["config.json", "notes.txt"]);
  });
});

describe("listLogs and writeLogs", () => {
  it("listLogs reports each message's read state and marks nothing read", async () => {
    const { store } = await openStore();
    await store.writeLogs("first");
    await store.readLogs(() => {});
    await store.writeLogs("second");
    const entries = await collect(store.listLogs());
    expect(entries.map((e) => [e.message.toString(), e.read])).toEqual([
      ["first", true],
      ["second", false],
    ]);
    expect(await store.readLogs(() => {})).toBe(1);
  });

  it("writeLogs with read: true stores the message as already read", async () => {
    const { store } = await openStore();
    await store.writeLogs("copied", { read: true });
    expect(await store.readLogs(() => {})).toBe(0);
    expect((await collect(store.listLogs()))[0]?.read).toBe(true);
  });

  it("writeLogs without read calls the backend without the read argument", async () => {
    const seen: unknown[][] = [];
    const { store } = await openStore({
      overrides: {
        writeLogs: async (...args: unknown[]) => void seen.push(args),
      },
    });
    await store.writeLogs("plain");
    expect(seen[0]).toHaveLength(2);
  });
});
