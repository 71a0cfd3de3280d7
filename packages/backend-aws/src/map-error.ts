import { isSimpleDbError } from "@jobstore/client-simpledb";
import { isJobStoreError, JobStoreError } from "@jobstore/core";

export const BACKEND_NAME = "aws";

const MISSING_S3 = new Set(["NoSuchKey", "NotFound", "NoSuchBucket", "NoSuchUpload"]);
const THROTTLING = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "ServiceUnavailable",
]);

/** Whether an S3 error says the object or bucket is missing. */
export function isS3Missing(err: unknown): boolean {
  const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } } | null;
  return (
    MISSING_S3.has(e?.name ?? "") || MISSING_S3.has(e?.Code ?? "") || e?.$metadata?.httpStatusCode === 404
  );
}

/**
 * Turns an S3 or SimpleDB error into a {@link @jobstore/core!JobStoreError} (cause kept, its message in ours); ours pass
 * through.
 */
export function mapAwsError(err: unknown, what: string): JobStoreError {
  if (isJobStoreError(err)) return err;
  const e = err as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  } | null;
  const name = e?.name ?? "Error";
  const detail = `${what}: ${name}: ${e?.message ?? String(err)}`;
  if (name === "AbortError")
    return new JobStoreError("JOBSTORE_ABORTED", detail, { cause: err, backend: BACKEND_NAME });
  if (isSimpleDbError(err, "NoSuchDomain") || e?.name === "NoSuchBucket") {
    return new JobStoreError("JOBSTORE_NO_SUCH_STORE", detail, { cause: err, backend: BACKEND_NAME });
  }
  const status = e?.$metadata?.httpStatusCode ?? 0;
  const retryable = status >= 500 || THROTTLING.has(name) || e?.$retryable !== undefined || status === 0;
  return new JobStoreError("JOBSTORE_UNAVAILABLE", detail, { cause: err, retryable, backend: BACKEND_NAME });
}
