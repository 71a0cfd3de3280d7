import { networkFailureTest } from "@jobstore/core";
import { isObjectStoreError, type ObjectErrorKind, ObjectStoreError } from "@jobstore/object-store";

type ErrorShape = {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
} | null;

const MISSING = new Set(["NoSuchKey", "NotFound", "NoSuchUpload"]);
/**
 * The error names AWS services (S3, SimpleDB) give a throttled or overloaded request: worth retrying.
 *
 * @example
 * ```ts
 * if (THROTTLING_ERRORS.has(err.name)) retry();
 * ```
 * @internal
 */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "ServiceUnavailable",
]);
const AUTH = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "InvalidToken",
  "TokenRefreshRequired",
  "CredentialsProviderError",
  "AllAccessDisabled",
]);
const INVALID = new Set([
  "InvalidBucketName",
  "InvalidLocationConstraint",
  "IllegalLocationConstraintException",
  "InvalidRange",
]);
const UNSUPPORTED = new Set(["NotImplemented", "MethodNotAllowed"]);
// Transport failures (no HTTP reply): worth retrying. Anything else without a status is a local fault.
const isNetworkError = networkFailureTest({ names: ["RequestTimeout", "NetworkingError"] });

/**
 * The HTTP status of an S3 error, when S3 answered.
 *
 * @example
 * ```ts
 * if (s3Status(err) === 412) lost();
 * ```
 * @internal
 */
export function s3Status(err: unknown): number | undefined {
  return (err as ErrorShape)?.$metadata?.httpStatusCode;
}

/**
 * How many times the SDK sent the request that failed with `err` (1 without retries).
 *
 * @example
 * ```ts
 * const uncertain = s3Attempts(err) > 1;
 * ```
 * @internal
 */
export function s3Attempts(err: unknown): number {
  return (err as ErrorShape)?.$metadata?.attempts ?? 1;
}

/**
 * Whether an S3 error says the bucket itself is missing.
 *
 * @example
 * ```ts
 * if (isNoSuchBucket(err)) return;
 * ```
 * @internal
 */
export function isNoSuchBucket(err: unknown): boolean {
  const e = err as ErrorShape;
  return e?.name === "NoSuchBucket" || e?.Code === "NoSuchBucket";
}

/**
 * The {@link @jobstore/object-store!ObjectErrorKind} of an error of the S3 SDK (or of the transport under it).
 *
 * @example
 * ```ts
 * s3ErrorKind({ name: "SlowDown", $metadata: { httpStatusCode: 503 } }); // "transient"
 * ```
 * @internal
 */
export function s3ErrorKind(err: unknown): ObjectErrorKind {
  const e = err as ErrorShape;
  const name = e?.name ?? "";
  const status = s3Status(err);
  if (name === "AbortError") return "aborted";
  if (isNoSuchBucket(err)) return "no-container";
  if (MISSING.has(name) || MISSING.has(e?.Code ?? "") || status === 404) return "missing";
  if (status === 412 || status === 409) return "condition";
  if ((status ?? 0) >= 500 && status !== 501) return "transient";
  if (THROTTLING_ERRORS.has(name) || e?.$retryable) return "transient";
  if (status === undefined && isNetworkError(err)) return "transient";
  if (AUTH.has(name) || status === 401 || status === 403) return "auth";
  if (INVALID.has(name) || status === 416 || err instanceof URIError) return "invalid";
  if (UNSUPPORTED.has(name) || status === 501) return "unsupported";
  return "other";
}

/**
 * Turns an S3 SDK error into an {@link @jobstore/object-store!ObjectStoreError} (ours pass through): the one place
 * where `s3:` and `aws:` read the SDK's errors. A fired `signal` makes it `"aborted"`, whatever the SDK
 * said (it may report a reset connection or a generic error for an aborted request).
 *
 * @example
 * ```ts
 * throw s3Error(err, `read ${key}`, options.signal);
 * ```
 * @internal
 */
export function s3Error(err: unknown, what: string, signal?: AbortSignal): ObjectStoreError {
  if (isObjectStoreError(err)) return err;
  const e = err as ErrorShape;
  const kind = signal?.aborted ? "aborted" : s3ErrorKind(err);
  const status = s3Status(err);
  return new ObjectStoreError(kind, `${what}: ${e?.name ?? "Error"}: ${e?.message ?? String(err)}`, {
    cause: err,
    ...(status === undefined ? {} : { status }),
  });
}
