import { isObjectStoreError, ObjectStoreError } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { s3Error, s3ErrorKind } from "../../src/s3-object-store/index.js";

const reply = (name: string, httpStatusCode: number, extra: object = {}) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode, attempts: 1 }, ...extra });

describe("S3 errors classified into ObjectStoreError kinds", () => {
  it.each([
    ["NoSuchBucket", 404, "no-container"],
    ["NoSuchKey", 404, "missing"],
    ["NotFound", 404, "missing"],
    ["NoSuchUpload", 404, "missing"],
    ["PreconditionFailed", 412, "condition"],
    ["ConditionalRequestConflict", 409, "condition"],
    ["SlowDown", 503, "transient"],
    ["InternalError", 500, "transient"],
    ["AccessDenied", 403, "auth"],
    ["InvalidAccessKeyId", 403, "auth"],
    ["SignatureDoesNotMatch", 403, "auth"],
    ["InvalidBucketName", 400, "invalid"],
    ["InvalidLocationConstraint", 400, "invalid"],
    ["InvalidRange", 416, "invalid"],
    ["NotImplemented", 501, "unsupported"],
    ["MalformedXML", 400, "other"],
  ])("%s (%i) is %s", (name, status, kind) => {
    expect(s3ErrorKind(reply(name, status))).toBe(kind);
  });

  it("a transport failure without a reply is transient; a local fault is other", () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    expect(s3ErrorKind(reset)).toBe("transient");
    expect(s3ErrorKind(new TypeError("x is not a function"))).toBe("other");
  });

  it("missing credentials are auth, an unencodable name invalid", () => {
    const creds = Object.assign(new Error("Could not load credentials"), {
      name: "CredentialsProviderError",
    });
    expect(s3ErrorKind(creds)).toBe("auth");
    let thrown: unknown;
    try {
      encodeURIComponent("\uD800");
    } catch (err) {
      thrown = err;
    }
    expect(s3ErrorKind(thrown)).toBe("invalid");
  });

  it("a fired signal makes any failure aborted, whatever the SDK said", () => {
    const controller = new AbortController();
    controller.abort();
    const err = s3Error(reply("InternalError", 500), "write k", controller.signal);
    expect(isObjectStoreError(err, "aborted")).toBe(true);
    expect(s3ErrorKind(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe("aborted");
  });

  it("keeps the SDK's error as cause, its status, and names the operation", () => {
    const cause = reply("SlowDown", 503);
    const err = s3Error(cause, "read meta/jobs/a");
    expect(err).toMatchObject({ kind: "transient", status: 503, cause });
    expect(err.message).toBe("read meta/jobs/a: SlowDown: SlowDown");
  });

  it("an ObjectStoreError passes through unchanged", () => {
    const ours = new ObjectStoreError("missing", "gone");
    expect(s3Error(ours, "read k")).toBe(ours);
  });
});
