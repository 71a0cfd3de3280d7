import { describe, expect, it } from "vitest";
import type { CallOptions } from "../src/index.js";
import { collect, expectCode, METHOD_CASES, openStore } from "./fixtures.js";

describe("an already-aborted signal", () => {
  it.each(METHOD_CASES)("$name rejects with JOBSTORE_ABORTED before any backend call", async (m) => {
    const { store, backend } = await openStore({ open: m.needsOpen });
    const before = backend.totalCalls();
    const err = await expectCode(m.call(store, { signal: AbortSignal.abort() }), "JOBSTORE_ABORTED");
    expect(err.name).toBe("AbortError");
    expect(backend.totalCalls()).toBe(before);
  });

  it("the ABORTED error keeps the signal's reason as its cause", async () => {
    const { store } = await openStore();
    const reason = new Error("user pressed stop");
    const err = await expectCode(
      store.loadJob("x", { signal: AbortSignal.abort(reason) }),
      "JOBSTORE_ABORTED",
    );
    expect(err.cause).toBe(reason);
  });
});

describe("a signal aborted between the call and the I/O", () => {
  it("jobs() aborted before iteration starts rejects with JOBSTORE_ABORTED and never walks", async () => {
    const { store, backend } = await openStore();
    const controller = new AbortController();
    const iterable = store.jobs({ signal: controller.signal });
    controller.abort();
    await expectCode(collect(iterable), "JOBSTORE_ABORTED");
    expect(backend.calls.get("jobs")).toBeUndefined();
  });

  it("jobs() on a store closed before iteration starts rejects with JOBSTORE_CLOSED", async () => {
    const { store, backend } = await openStore();
    const iterable = store.jobs();
    await store.close();
    await expectCode(collect(iterable), "JOBSTORE_CLOSED");
    expect(backend.calls.get("jobs")).toBeUndefined();
  });

  it("batch whose signal aborts while the callback runs drops its jobs with JOBSTORE_ABORTED", async () => {
    const { store, backend } = await openStore();
    const controller = new AbortController();
    await expectCode(
      store.batch(
        async () => {
          await store.createJob({ jobStoreId: "a" });
          controller.abort();
        },
        { signal: controller.signal },
      ),
      "JOBSTORE_ABORTED",
    );
    expect(backend.calls.get("createJobs")).toBeUndefined();
    expect(await store.jobExists("a")).toBe(false);
  });

  it("a backend call receives the caller's signal", async () => {
    let seen: CallOptions | undefined;
    const { store } = await openStore({
      overrides: {
        loadJob: async (_id, options) => {
          seen = options;
          return undefined;
        },
      },
    });
    const controller = new AbortController();
    await expectCode(store.loadJob("x", { signal: controller.signal }), "JOBSTORE_NO_SUCH_JOB");
    expect(seen?.signal).toBe(controller.signal);
  });

  it("a backend that fails after the signal aborted yields JOBSTORE_ABORTED, not UNAVAILABLE", async () => {
    const controller = new AbortController();
    const { store } = await openStore({
      overrides: {
        jobExists: async () => {
          controller.abort();
          throw new Error("socket closed");
        },
      },
    });
    await expectCode(store.jobExists("x", { signal: controller.signal }), "JOBSTORE_ABORTED");
  });
});
