import { describe, expect, it } from "vitest";
import {
  abortError,
  isJobStoreError,
  JOBSTORE_ERROR_CODES,
  JobStoreError,
  throwIfAborted,
} from "../src/index.js";
import { expectCode, openStore } from "./fixtures.js";

describe("JobStoreError", () => {
  it("carries code, cause, backend and a message", () => {
    const cause = new Error("root");
    const err = new JobStoreError("JOBSTORE_NO_SUCH_FILE", "file f does not exist", {
      cause,
      backend: "stub",
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe("JOBSTORE_NO_SUCH_FILE");
    expect(err.cause).toBe(cause);
    expect(err.backend).toBe("stub");
    expect(err.name).toBe("JobStoreError");
    expect(err.message.length).toBeGreaterThan(0);
  });

  it("has no cause property when none is given", () => {
    expect("cause" in new JobStoreError("JOBSTORE_EXISTS", "exists")).toBe(false);
  });

  it.each(JOBSTORE_ERROR_CODES)("%s is retryable by default only if it is JOBSTORE_UNAVAILABLE", (code) => {
    expect(new JobStoreError(code, "x").retryable).toBe(code === "JOBSTORE_UNAVAILABLE");
  });

  it("retryable can be overridden either way", () => {
    expect(new JobStoreError("JOBSTORE_UNAVAILABLE", "x", { retryable: false }).retryable).toBe(false);
    expect(new JobStoreError("JOBSTORE_CONCURRENT_MODIFICATION", "x", { retryable: true }).retryable).toBe(
      true,
    );
  });

  it("JOBSTORE_ABORTED errors are named AbortError", () => {
    expect(new JobStoreError("JOBSTORE_ABORTED", "x").name).toBe("AbortError");
  });

  it("lists the fifteen codes of the spec", () => {
    expect(new Set(JOBSTORE_ERROR_CODES).size).toBe(15);
    expect(JOBSTORE_ERROR_CODES).toContain("JOBSTORE_BUCKET_REGION_CONFLICT");
  });
});

describe("isJobStoreError", () => {
  it("recognises a JobStoreError and checks its code", () => {
    const err = new JobStoreError("JOBSTORE_CLOSED", "closed");
    expect(isJobStoreError(err)).toBe(true);
    expect(isJobStoreError(err, "JOBSTORE_CLOSED")).toBe(true);
    expect(isJobStoreError(err, "JOBSTORE_NOT_OPEN")).toBe(false);
  });

  it("recognises an error from another copy of core by its global brand", () => {
    const foreign = { code: "JOBSTORE_NO_SUCH_JOB", message: "gone" };
    Object.defineProperty(foreign, Symbol.for("@jobstore/core.JobStoreError"), { value: true });
    expect(isJobStoreError(foreign, "JOBSTORE_NO_SUCH_JOB")).toBe(true);
  });

  it("rejects look-alikes without the brand", () => {
    expect(isJobStoreError({ code: "JOBSTORE_NO_SUCH_JOB" })).toBe(false);
    expect(isJobStoreError(Object.assign(new Error("x"), { code: "JOBSTORE_NO_SUCH_JOB" }))).toBe(false);
    expect(isJobStoreError(null)).toBe(false);
    expect(isJobStoreError("JOBSTORE_NO_SUCH_JOB")).toBe(false);
  });

  it("rejects a brand that is not exactly true", () => {
    const fake = { code: "JOBSTORE_EXISTS", [Symbol.for("@jobstore/core.JobStoreError")]: "yes" };
    expect(isJobStoreError(fake)).toBe(false);
  });
});

describe("abortError and throwIfAborted", () => {
  it("abortError is JOBSTORE_ABORTED with the signal's reason as cause", () => {
    const signal = AbortSignal.abort("stop");
    const err = abortError(signal);
    expect(isJobStoreError(err, "JOBSTORE_ABORTED")).toBe(true);
    expect(err.cause).toBe("stop");
  });

  it("throwIfAborted does nothing for a live or missing signal", () => {
    expect(() => throwIfAborted(new AbortController().signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
  });

  it("throwIfAborted throws JOBSTORE_ABORTED for an aborted signal", async () => {
    await expectCode(() => throwIfAborted(AbortSignal.abort()), "JOBSTORE_ABORTED");
  });
});

describe("error normalisation by createJobStore", () => {
  it("a backend's plain Error becomes a non-retryable JOBSTORE_UNAVAILABLE with the original as cause", async () => {
    const original = new Error("a bug in the backend");
    const { store } = await openStore({
      overrides: {
        loadJob: async () => {
          throw original;
        },
      },
    });
    const err = await expectCode(store.loadJob("x"), "JOBSTORE_UNAVAILABLE");
    expect(err.cause).toBe(original);
    expect(err.retryable).toBe(false);
    expect(err.backend).toBe("stub");
  });

  it.each([
    ["a network error code", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
    ["an SDK error marked $retryable", Object.assign(new Error("slow down"), { $retryable: {} })],
  ])("%s becomes a retryable JOBSTORE_UNAVAILABLE", async (_label, original) => {
    const { store } = await openStore({
      overrides: {
        loadJob: async () => {
          throw original;
        },
      },
    });
    const err = await expectCode(store.loadJob("x"), "JOBSTORE_UNAVAILABLE");
    expect(err.retryable).toBe(true);
  });

  it.each([
    ["$retryable: false", Object.assign(new Error("no"), { $retryable: false })],
    ["$retryable: null", Object.assign(new Error("no"), { $retryable: null })],
    ["$retryable: 0", Object.assign(new Error("no"), { $retryable: 0 })],
    [
      "an HTTP 403 even when marked $retryable",
      Object.assign(new Error("forbidden"), { $retryable: {}, $metadata: { httpStatusCode: 403 } }),
    ],
    ["an HTTP 400", Object.assign(new Error("bad request"), { $metadata: { httpStatusCode: 400 } })],
    [
      "refused credentials",
      Object.assign(new Error("invalid key"), { name: "InvalidAccessKeyId", $retryable: {} }),
    ],
    [
      "no credentials",
      Object.assign(new Error("none"), { name: "CredentialsProviderError", $retryable: {} }),
    ],
  ])("%s becomes a non-retryable JOBSTORE_UNAVAILABLE", async (_label, original) => {
    const { store } = await openStore({
      overrides: {
        loadJob: async () => {
          throw original;
        },
      },
    });
    const err = await expectCode(store.loadJob("x"), "JOBSTORE_UNAVAILABLE");
    expect(err.retryable).toBe(false);
  });

  it("throttling (HTTP 429 marked $retryable) stays retryable", async () => {
    const original = Object.assign(new Error("slow down"), {
      $retryable: { throttling: true },
      $metadata: { httpStatusCode: 429 },
    });
    const { store } = await openStore({
      overrides: {
        loadJob: async () => {
          throw original;
        },
      },
    });
    expect((await expectCode(store.loadJob("x"), "JOBSTORE_UNAVAILABLE")).retryable).toBe(true);
  });

  it("a thrown non-Error value becomes JOBSTORE_UNAVAILABLE with it as cause", async () => {
    const { store } = await openStore({
      overrides: {
        jobExists: () => Promise.reject("weird"),
      },
    });
    const err = await expectCode(store.jobExists("x"), "JOBSTORE_UNAVAILABLE");
    expect(err.cause).toBe("weird");
  });

  it("a backend's AbortError becomes JOBSTORE_ABORTED", async () => {
    const original = new DOMException("aborted", "AbortError");
    const { store } = await openStore({
      overrides: {
        deleteJob: async () => {
          throw original;
        },
      },
    });
    const err = await expectCode(store.deleteJob("x"), "JOBSTORE_ABORTED");
    expect(err.cause).toBe(original);
  });

  it("a backend's JobStoreError passes through unchanged", async () => {
    const original = new JobStoreError("JOBSTORE_CONCURRENT_MODIFICATION", "lost a race");
    const { store } = await openStore({
      overrides: {
        updateJob: async () => {
          throw original;
        },
      },
    });
    const err = await expectCode(store.updateJob({ jobStoreId: "j" }), "JOBSTORE_CONCURRENT_MODIFICATION");
    expect(err).toBe(original);
  });

  it("an error thrown by jobs() iteration is normalised too", async () => {
    const { store } = await openStore({
      overrides: {
        jobs: () =>
          (async function* () {
            yield* [];
            throw new Error("page fetch failed");
          })(),
      },
    });
    const walk = async () => {
      for await (const _ of store.jobs()) {
        // draining
      }
    };
    await expectCode(walk(), "JOBSTORE_UNAVAILABLE");
  });
});
