import { describe, expect, it } from "vitest";
import { expectCode, openStore } from "./fixtures.js";

const GOOD_SHARED_NAMES = ["config.json", "a", "A-Z_0.9", "..", ".hidden", "-", "x".repeat(500)];
const BAD_SHARED_NAMES = ["a/b", "", "with space", "tab\t", "ü", "日本", "a:b", "a\\b", "nul\0", "new\nline"];

describe("shared file names", () => {
  it.each(BAD_SHARED_NAMES)(
    "writeSharedFileStream(%j) rejects with JOBSTORE_INVALID_NAME without I/O",
    async (name) => {
      const { store, backend } = await openStore();
      const before = backend.totalCalls();
      await expectCode(
        store.writeSharedFileStream(name, (w) => void w.end("x")),
        "JOBSTORE_INVALID_NAME",
      );
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it.each(BAD_SHARED_NAMES)("readSharedFileStream(%j) rejects with JOBSTORE_INVALID_NAME", async (name) => {
    const { store } = await openStore();
    await expectCode(store.readSharedFileStream(name), "JOBSTORE_INVALID_NAME");
  });

  it.each(BAD_SHARED_NAMES)("getSharedPublicUrl(%j) rejects with JOBSTORE_INVALID_NAME", async (name) => {
    const { store } = await openStore();
    await expectCode(store.getSharedPublicUrl(name), "JOBSTORE_INVALID_NAME");
  });

  it.each(BAD_SHARED_NAMES)(
    "importFile with sharedFileName %j rejects with JOBSTORE_INVALID_NAME",
    async (name) => {
      const { store } = await openStore();
      await expectCode(
        store.importFile("file:///etc/hostname", { sharedFileName: name }),
        "JOBSTORE_INVALID_NAME",
      );
    },
  );

  it.each(GOOD_SHARED_NAMES)(
    "%j is a valid shared name (Toil's rule allows dots, even `..`)",
    async (name) => {
      const { store } = await openStore();
      await store.writeSharedFileStream(name, (w) => void w.end("x"));
      expect((await store.readSharedFileStream(name)).readable).toBe(true);
    },
  );

  it("a non-string name rejects with JOBSTORE_INVALID_NAME", async () => {
    const { store } = await openStore();
    await expectCode(store.readSharedFileStream(7 as never), "JOBSTORE_INVALID_NAME");
  });
});

describe("basenames", () => {
  it.each(["", "a/b", "/", ".", "..", "nul\0", "lone-\uD800.txt"])(
    "basename %j rejects with JOBSTORE_INVALID_NAME without I/O",
    async (basename) => {
      const { store, backend } = await openStore();
      const before = backend.totalCalls();
      await expectCode(
        store.writeFileStream((w) => void w.end("x"), { basename }),
        "JOBSTORE_INVALID_NAME",
      );
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it.each(["report.pdf", "with space", "ü.txt", "...", ".hidden", "a:b"])(
    "basename %j is accepted",
    async (basename) => {
      let seen: string | undefined;
      const { store } = await openStore({
        overrides: {
          newFileId: (meta) => {
            seen = meta.basename;
            return "id";
          },
        },
      });
      await store.writeFileStream((w) => void w.end("x"), { basename });
      expect(seen).toBe(basename);
    },
  );
});

describe("IDs", () => {
  it.each(["readFileStream", "fileExists", "deleteFile", "getFileSize"] as const)(
    "%s with a non-string ID throws TypeError",
    async (method) => {
      const { store } = await openStore();
      await expect((store[method] as (id: unknown) => Promise<unknown>)(undefined)).rejects.toThrow(
        TypeError,
      );
    },
  );
});
