import { createServiceException, SimpleDbNetworkError } from "@jobstore/client-simpledb";
import { describe, expect, it } from "vitest";
import { mapAwsError } from "../src/errors.js";

const metadata = (httpStatusCode: number) => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });

function sdbError(code: string, status: number) {
  return createServiceException({ Code: code, message: code, $metadata: metadata(status) });
}

describe("mapAwsError", () => {
  it.each([
    ["InvalidClientTokenId", 403],
    ["InvalidParameterValue", 400],
    ["AuthFailure", 401],
  ])("a SimpleDB %s (HTTP %i) is not retryable", (code, status) => {
    const mapped = mapAwsError(sdbError(code, status), "op");
    expect(mapped.code).toBe("JOBSTORE_UNAVAILABLE");
    expect(mapped.retryable).toBe(false);
  });

  it.each([
    ["InternalError", 500],
    ["ServiceUnavailable", 503],
  ])("a SimpleDB %s (HTTP %i) is retryable", (code, status) => {
    expect(mapAwsError(sdbError(code, status), "op").retryable).toBe(true);
  });

  it("a SimpleDB network failure is retryable", () => {
    const err = new SimpleDbNetworkError(
      "reset",
      metadata(0),
      Object.assign(new Error("x"), { code: "ECONNRESET" }),
    );
    expect(mapAwsError(err, "op").retryable).toBe(true);
  });

  it("an S3 transport failure without a reply is retryable", () => {
    const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(mapAwsError(err, "op").retryable).toBe(true);
  });

  it("missing credentials are not retryable", () => {
    const err = Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    });
    expect(mapAwsError(err, "op").retryable).toBe(false);
  });

  it("a URIError from signing an unencodable name is JOBSTORE_INVALID_NAME, not retryable", () => {
    let thrown: unknown;
    try {
      encodeURIComponent("\uD800");
    } catch (err) {
      thrown = err;
    }
    const mapped = mapAwsError(thrown, "op");
    expect(mapped.code).toBe("JOBSTORE_INVALID_NAME");
    expect(mapped.retryable).toBe(false);
  });

  it("S3 throttling and 5xx replies are retryable, 4xx ones are not", () => {
    const slowDown = Object.assign(new Error("slow"), { name: "SlowDown", $metadata: metadata(503) });
    const denied = Object.assign(new Error("denied"), { name: "AccessDenied", $metadata: metadata(403) });
    expect(mapAwsError(slowDown, "op").retryable).toBe(true);
    expect(mapAwsError(denied, "op").retryable).toBe(false);
  });
});
