import { isJobStoreError, JobStoreError, type JobStoreErrorCode, networkFailureTest } from "@jobstore/core";
import { isObjectStoreError } from "./object-store-error.js";

// Transport failures that reach the backend unclassified (errors of a stream an adapter handed over):
// worth retrying. Anything else unclassified is a local fault.
const isNetworkError = networkFailureTest({ codes: ["ERR_STREAM_PREMATURE_CLOSE"] });

type ErrorShape = { name?: string; code?: string; message?: string; cause?: unknown } | null;

/**
 * Turns a failure of an object-store operation into the {@link @jobstore/core!JobStoreError} the backend reports
 * (cause kept, its message in ours); ours pass through, and so does a `JobStoreError` an adapter put as the
 * `cause` of its {@link ObjectStoreError} (a more precise code, e.g. `JOBSTORE_BUCKET_REGION_CONFLICT`).
 *
 * @remarks Kinds: `"aborted"` → `JOBSTORE_ABORTED`; `"no-container"` → `JOBSTORE_NO_SUCH_STORE`;
 * `"transient"` → `JOBSTORE_UNAVAILABLE` with `retryable`; `"invalid"` caused by a `URIError` (a name the
 * request cannot encode) → `JOBSTORE_INVALID_NAME`, other `"invalid"` → the `invalid` code where the
 * caller gives one (`JOBSTORE_INVALID_LOCATOR` for `createContainer`, whose values come from the locator);
 * everything else → `JOBSTORE_UNAVAILABLE`, not retryable. Unclassified errors (a stream's transport error, an `AbortError`) are classified here by
 * their Node error code and name.
 * @example
 * ```ts
 * throw toJobStoreError(err, `read file ${fileId}`, "s3");
 * throw toJobStoreError(err, `create ${container}`, "s3", "JOBSTORE_INVALID_LOCATOR");
 * ```
 * @public
 */
export function toJobStoreError(
  err: unknown,
  what: string,
  backend: string,
  invalid?: JobStoreErrorCode,
): JobStoreError {
  if (isJobStoreError(err)) return err;
  const e = err as ErrorShape;
  const detail = `${what}: ${isObjectStoreError(err) ? "" : `${e?.name ?? "Error"}: `}${e?.message ?? String(err)}`;
  if (isObjectStoreError(err)) {
    if (isJobStoreError(err.cause)) return err.cause;
    switch (err.kind) {
      case "aborted":
        return new JobStoreError("JOBSTORE_ABORTED", detail, { cause: err, backend });
      case "no-container":
        return new JobStoreError("JOBSTORE_NO_SUCH_STORE", detail, { cause: err, backend });
      case "invalid":
        if (err.cause instanceof URIError) {
          return new JobStoreError("JOBSTORE_INVALID_NAME", detail, { cause: err, backend });
        }
        if (invalid !== undefined) return new JobStoreError(invalid, detail, { cause: err, backend });
        break;
    }
    return new JobStoreError("JOBSTORE_UNAVAILABLE", detail, {
      cause: err,
      retryable: err.kind === "transient",
      backend,
    });
  }
  if (e?.name === "AbortError") return new JobStoreError("JOBSTORE_ABORTED", detail, { cause: err, backend });
  if (err instanceof URIError)
    return new JobStoreError("JOBSTORE_INVALID_NAME", detail, { cause: err, backend });
  return new JobStoreError("JOBSTORE_UNAVAILABLE", detail, {
    cause: err,
    retryable: isNetworkError(err),
    backend,
  });
}
