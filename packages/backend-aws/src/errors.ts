import { isSimpleDbError } from "@jobstore/client-simpledb";
import { isJobStoreError, JobStoreError, networkFailureTest } from "@jobstore/core";
import { isObjectStoreError, toJobStoreError } from "@jobstore/object-store";
import { THROTTLING_ERRORS } from "./s3-object-store/s3-errors.js";

export const BACKEND_NAME = "aws";

// Transport failures (no HTTP reply): worth retrying. Anything else without a status is a local fault.

type ErrorShape = {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
} | null;

/** Whether `err` (or its cause) is a failure to reach the service at all. */
export const isNetworkError: (err: unknown) => boolean = networkFailureTest({
  names: ["RequestTimeout", "NetworkingError", "SimpleDbNetworkError"],
});

/**
 * Whether the storage itself failed in a way a retry may fix: a 5xx, throttling, a transport failure, or a
 * SimpleDB error the client marked retryable (`$retryable` true: 500/503/network). A 4xx such as
 * `InvalidClientTokenId` or `InvalidParameterValue`, missing credentials, or a local fault is not.
 */
export function isRetryableAwsError(err: unknown): boolean {
  const e = err as ErrorShape;
  const status = e?.$metadata?.httpStatusCode ?? 0;
  if (status >= 500 || THROTTLING_ERRORS.has(e?.name ?? "")) return true;
  if (e?.$retryable === true) return true;
  if (typeof e?.$retryable === "object" && e.$retryable !== null) return true;
  return status === 0 && isNetworkError(err);
}

/**
 * Turns a SimpleDB error (or an object-store adapter's, through `toJobStoreError`) into a
 * {@link @jobstore/core!JobStoreError} (cause kept, its message in ours); ours pass through. A `URIError` (a name the request signer cannot encode, e.g. a lone surrogate) is
 * `JOBSTORE_INVALID_NAME`.
 */
export function mapAwsError(err: unknown, what: string): JobStoreError {
  if (isJobStoreError(err)) return err;
  if (isObjectStoreError(err)) return toJobStoreError(err, what, BACKEND_NAME);
  const e = err as ErrorShape;
  const name = e?.name ?? "Error";
  const detail = `${what}: ${name}: ${e?.message ?? String(err)}`;
  if (name === "AbortError")
    return new JobStoreError("JOBSTORE_ABORTED", detail, { cause: err, backend: BACKEND_NAME });
  if (isSimpleDbError(err, "NoSuchDomain") || e?.name === "NoSuchBucket") {
    return new JobStoreError("JOBSTORE_NO_SUCH_STORE", detail, { cause: err, backend: BACKEND_NAME });
  }
  if (err instanceof URIError) {
    return new JobStoreError("JOBSTORE_INVALID_NAME", detail, { cause: err, backend: BACKEND_NAME });
  }
  return new JobStoreError("JOBSTORE_UNAVAILABLE", detail, {
    cause: err,
    retryable: isRetryableAwsError(err),
    backend: BACKEND_NAME,
  });
}
