import { isJobStoreError, JobStoreError } from "../errors.js";
import { NETWORK_ERROR_CODES } from "../network-failure.js";

/**
 * Turns whatever a backend threw into a {@link JobStoreError}: ours pass through, aborts become
 * `JOBSTORE_ABORTED`, and anything else `JOBSTORE_UNAVAILABLE` with the original kept as `cause`.
 * Only errors that say they are transient (an SDK's `$retryable`, a network error code) are marked
 * retryable: a backend's own bug must not send callers into a retry loop.
 */
export function normaliseError(
  err: unknown,
  backend: string,
  what: string,
  signal?: AbortSignal,
): JobStoreError {
  if (isJobStoreError(err)) return err;
  const name = (err as { name?: unknown } | null)?.name;
  if (signal?.aborted || name === "AbortError") {
    return new JobStoreError("JOBSTORE_ABORTED", `${what} was aborted`, { cause: err, backend });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new JobStoreError("JOBSTORE_UNAVAILABLE", `${what} failed in backend ${backend}: ${message}`, {
    cause: err,
    backend,
    retryable: isTransient(err),
  });
}

// Credentials missing, refused or expired: retrying the same call cannot help.
const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "AuthFailure",
  "AccessDenied",
  "InvalidSecurity",
  "MissingAuthenticationToken",
]);

/**
 * Whether a stray error says the storage failed transiently: a truthy `$retryable` (the AWS SDK's mark)
 * or a network error code, and never refused credentials or a 4xx answer (the request itself is wrong),
 * except 429 (throttling: the server's state, not the request's fault).
 */
function isTransient(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as {
    $retryable?: unknown;
    code?: unknown;
    name?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (typeof e.name === "string" && CREDENTIAL_ERRORS.has(e.name)) return false;
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === "number" && status >= 400 && status < 500 && status !== 429) return false;
  return Boolean(e.$retryable) || (typeof e.code === "string" && NETWORK_ERROR_CODES.has(e.code));
}

/**
 * Carries an error thrown by the caller's own code (a write callback, `readLogs`' callback,
 * `onProgress`) through the guard, which unwraps it: the caller gets back exactly what it threw, not a
 * storage fault.
 */
export class CallerFailure extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** What a guarded call rethrows: the caller's own error unchanged, anything else normalised. */
export function rethrown(err: unknown, backend: string, what: string, signal?: AbortSignal): unknown {
  if (err instanceof CallerFailure) return err.error;
  return normaliseError(err, backend, what, signal);
}

/** Runs the caller's callback, marking what it throws as the caller's. */
export async function callerCode<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new CallerFailure(error);
  }
}
