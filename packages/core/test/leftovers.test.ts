import { describe, expect, it } from "vitest";
import type { Leftover } from "../src/index.js";
import { collect, expectCode, openStore } from "./fixtures.js";

const tempFile: Leftover = { kind: "temp-file", id: "/store/tmp/abc", size: 3 };

describe("findLeftovers", () => {
  it("reports cleanup files whose owning job is gone as orphan-file, and nothing live", async () => {
    const { store, backend } = await openStore();
    await store.createJob({ jobStoreId: "alive" });
    await store.writeFileStream((w) => void w.end("a"), { jobId: "alive", cleanup: true });
    await store.writeFileStream((w) => void w.end("b"), { jobId: "gone" });
    const orphan = await store.writeFileStream((w) => void w.end("cc"), { jobId: "gone", cleanup: true });
    await store.writeFileStream((w) => void w.end("d"), { jobId: "gone", cleanup: true });
    const found = await collect(store.findLeftovers());
    expect(found).toContainEqual({ kind: "orphan-file", id: orphan, size: 2 });
    expect(found).toHaveLength(2);
    // One existence check per owning job, however many files it has.
    expect(backend.calls.get("jobExists")).toBe(2);
  });

  it("includes the backend's own leftovers first, each once", async () => {
    const { store } = await openStore({
      overrides: {
        async *findLeftovers() {
          yield tempFile;
          yield tempFile;
        },
      },
    });
    expect(await collect(store.findLeftovers())).toEqual([tempFile]);
  });
});

describe("removeLeftovers", () => {
  it("deletes orphan files and hands the rest to the backend", async () => {
    const handed: Leftover[][] = [];
    const { store } = await openStore({
      overrides: {
        async *findLeftovers() {
          yield tempFile;
        },
        removeLeftovers: async (leftovers) => void handed.push([...leftovers]),
      },
    });
    const orphan = await store.writeFileStream((w) => void w.end("x"), { jobId: "gone", cleanup: true });
    await store.removeLeftovers(await collect(store.findLeftovers()));
    expect(await store.fileExists(orphan)).toBe(false);
    expect(handed).toEqual([[tempFile]]);
    expect(await collect(store.findLeftovers())).toEqual([tempFile]);
  });

  it("a backend kind on a backend without removeLeftovers rejects with JOBSTORE_NOT_SUPPORTED", async () => {
    const { store } = await openStore();
    await expectCode(store.removeLeftovers([tempFile]), "JOBSTORE_NOT_SUPPORTED");
  });

  it("a non-array throws TypeError", async () => {
    const { store } = await openStore();
    await expect(store.removeLeftovers("all" as never)).rejects.toThrow(TypeError);
  });
});
