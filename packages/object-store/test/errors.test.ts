import { isJobStoreError, JobStoreError } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { toJobStoreError } from "../src/errors.js";
import { ObjectStoreError } from "../src/object-store-error.js";

describe("toJobStoreError", () => {
  it.each([
    ["aborted", "JOBSTORE_ABORTED", false],
    ["no-container", "JOBSTORE_NO_SUCH_STORE", false],
    ["transient", "JOBSTORE_UNAVAILABLE", true],
    ["auth", "JOBSTORE_UNAVAILABLE", false],
    ["invalid", "JOBSTORE_UNAVAILABLE", false],
    ["unsupported", "JOBSTORE_UNAVAILABLE", false],
    ["missing", "JOBSTORE_UNAVAILABLE", false],
    ["other", "JOBSTORE_UNAVAILABLE", false],
  ] as const)("kind %s is %s, retryable %s", (kind, code, retryable) => {
    const cause = new ObjectStoreError(kind, "read k: boom");
    const mapped = toJobStoreError(cause, "read file f", "s3");
    expect(mapped).toMatchObject({ code, retryable, backend: "s3", cause });
    expect(mapped.message).toBe("read file f: read k: boom");
  });

  it("an unencodable name is JOBSTORE_INVALID_NAME", () => {
    const err = new ObjectStoreError("invalid", "bad name", { cause: new URIError("URI malformed") });
    expect(toJobStoreError(err, "write", "s3").code).toBe("JOBSTORE_INVALID_NAME");
  });

  it("an invalid value takes the code the caller names (createContainer's: the locator's), other kinds keep theirs", () => {
    const refused = new ObjectStoreError(
      "invalid",
      "create bucket b in region xx-nowhere-1: InvalidLocationConstraint",
    );
    const mapped = toJobStoreError(refused, "create b", "s3", "JOBSTORE_INVALID_LOCATOR");
    expect(mapped).toMatchObject({ code: "JOBSTORE_INVALID_LOCATOR", retryable: false, cause: refused });
    expect(mapped.message).toContain("xx-nowhere-1");
    const down = new ObjectStoreError("transient", "create bucket b: SlowDown");
    expect(toJobStoreError(down, "create b", "s3", "JOBSTORE_INVALID_LOCATOR").code).toBe(
      "JOBSTORE_UNAVAILABLE",
    );
    const name = new ObjectStoreError("invalid", "bad name", { cause: new URIError("URI malformed") });
    expect(toJobStoreError(name, "create b", "s3", "JOBSTORE_INVALID_LOCATOR").code).toBe(
      "JOBSTORE_INVALID_NAME",
    );
  });

  it("a JobStoreError an adapter put as the cause is reported as is", () => {
    const precise = new JobStoreError("JOBSTORE_BUCKET_REGION_CONFLICT", "bucket b is in eu-west-1");
    const err = new ObjectStoreError("invalid", "bucket b is in eu-west-1", { cause: precise });
    expect(toJobStoreError(err, "create", "s3")).toBe(precise);
  });

  it("unclassified errors: a transport failure is retryable, an AbortError aborted, a local fault not retryable", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(toJobStoreError(reset, "read", "s3")).toMatchObject({
      code: "JOBSTORE_UNAVAILABLE",
      retryable: true,
    });
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    expect(toJobStoreError(abort, "read", "s3").code).toBe("JOBSTORE_ABORTED");
    expect(toJobStoreError(new TypeError("oops"), "read", "s3")).toMatchObject({ retryable: false });
  });

  it("a JobStoreError passes through", () => {
    const ours = new JobStoreError("JOBSTORE_NO_SUCH_FILE", "gone");
    expect(isJobStoreError(toJobStoreError(ours, "read", "s3"), "JOBSTORE_NO_SUCH_FILE")).toBe(true);
  });
});
