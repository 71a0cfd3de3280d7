import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { expectCode, openStore } from "./fixtures.js";

describe("batch", () => {
  it("defers creates made inside it and writes them with one createJobs call", async () => {
    const { store, backend } = await openStore();
    const result = await store.batch(async () => {
      await store.createJob({ jobStoreId: "a" });
      await store.createJob({ jobStoreId: "b" });
      expect(backend.state.jobs.size).toBe(0);
      return "done";
    });
    expect(result).toBe("done");
    expect(backend.calls.get("createJob")).toBeUndefined();
    expect(backend.state.batches.map((b) => b.map((j) => j.jobStoreId))).toEqual([["a", "b"]]);
    expect(await store.jobExists("a")).toBe(true);
  });

  it("writes the version as bumped at createJob time, ignoring later changes to the object", async () => {
    const { store } = await openStore();
    await store.batch(async () => {
      const job = await store.createJob({ jobStoreId: "a", note: "before" });
      expect(job.version).toBe(1);
      job.note = "after";
    });
    expect(await store.loadJob("a")).toEqual({ jobStoreId: "a", version: 1, note: "before" });
  });

  it("a batch with no creates makes no backend call", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    await store.batch(() => 7);
    expect(backend.totalCalls()).toBe(before);
  });

  it("a throwing batch drops its creates, rethrows, and the store stays usable", async () => {
    const { store, backend } = await openStore();
    const boom = new Error("boom");
    await expect(
      store.batch(async () => {
        await store.createJob({ jobStoreId: "lost" });
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect(await store.jobExists("lost")).toBe(false);
    await store.createJob({ jobStoreId: "after" });
    expect(backend.calls.get("createJob")).toBe(1);
    expect(await store.jobExists("after")).toBe(true);
  });

  it("creates made concurrently outside the batch's async context are written at once", async () => {
    const { store, backend } = await openStore();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const batching = store.batch(async () => {
      await store.createJob({ jobStoreId: "inside" });
      await gate;
    });
    await store.createJob({ jobStoreId: "outside" });
    expect(backend.state.jobs.has("outside")).toBe(true);
    expect(backend.state.jobs.has("inside")).toBe(false);
    release();
    await batching;
    expect(backend.state.jobs.has("inside")).toBe(true);
  });

  it("a create started inside the batch but made after it settled is written, not dropped", async () => {
    const { store, backend } = await openStore();
    let late!: Promise<unknown>;
    await store.batch(() => {
      late = sleep(5).then(() => store.createJob({ jobStoreId: "late" }));
    });
    await late;
    expect(backend.state.jobs.has("late")).toBe(true);
  });

  it("nested batches each flush their own creates", async () => {
    const { store, backend } = await openStore();
    await store.batch(async () => {
      await store.createJob({ jobStoreId: "outer" });
      await store.batch(async () => {
        await store.createJob({ jobStoreId: "inner" });
      });
      expect(backend.state.jobs.has("inner")).toBe(true);
    });
    expect(backend.state.batches.map((b) => b.map((j) => j.jobStoreId))).toEqual([["inner"], ["outer"]]);
  });

  it("without batchCreate, creates inside a batch are written one by one at once", async () => {
    const { store, backend } = await openStore({ capabilities: { batchCreate: false } });
    await store.batch(async () => {
      await store.createJob({ jobStoreId: "a" });
      expect(backend.state.jobs.has("a")).toBe(true);
    });
    expect(backend.calls.get("createJob")).toBe(1);
  });

  it("a failed flush rejects with the backend's error, normalised", async () => {
    const { store } = await openStore({
      overrides: {
        createJobs: async () => {
          throw new Error("throttled");
        },
      },
    });
    await expectCode(
      store.batch(async () => {
        await store.createJob({ jobStoreId: "a" });
      }),
      "JOBSTORE_UNAVAILABLE",
    );
  });

  it("a store closed while the batch ran rejects the flush with JOBSTORE_CLOSED", async () => {
    const { store, backend } = await openStore();
    await expectCode(
      store.batch(async () => {
        await store.createJob({ jobStoreId: "a" });
        await store.close();
      }),
      "JOBSTORE_CLOSED",
    );
    expect(backend.calls.get("createJobs")).toBeUndefined();
  });

  it("batch with a non-function throws TypeError", async () => {
    const { store } = await openStore();
    await expect(store.batch("nope" as never)).rejects.toThrow(TypeError);
  });
});
