import { isJobStoreError, JobStoreError, type JobStoreErrorCode } from "@jobstore/core";

/** The backend's name: `backend.name`, the `file:` scheme, and the `backend` of its errors. */
export const BACKEND_NAME = "file";

/** A {@link JobStoreError} tagged with this backend. */
export function fileError(code: JobStoreErrorCode, message: string, cause?: unknown): JobStoreError {
  return new JobStoreError(code, message, {
    backend: BACKEND_NAME,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `JOBSTORE_UNAVAILABLE`, not retryable: stored bytes that were written whole are not what they must be. */
export function damagedError(message: string, cause?: unknown): JobStoreError {
  return new JobStoreError("JOBSTORE_UNAVAILABLE", message, {
    backend: BACKEND_NAME,
    cause,
    retryable: false,
  });
}

/** The error code of a Node system error, if it is one. */
export function errno(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

// Refusals that the same call will meet again: permissions, a read-only mount.
const PERMANENT = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * Turns a file system failure into `JOBSTORE_UNAVAILABLE` with the system error as `cause` (retryable
 * unless it is a refusal such as `EACCES`); a {@link JobStoreError} passes through.
 */
export function storageError(err: unknown, what: string): JobStoreError {
  if (isJobStoreError(err)) return err;
  const code = errno(err);
  const message = err instanceof Error ? err.message : String(err);
  // Every path the backend expects is made by initialize: one missing now means the store was removed.
  if (code === "ENOENT" || code === "ENOTDIR") {
    return new JobStoreError(
      "JOBSTORE_NO_SUCH_STORE",
      `${what}: the store's directory is gone (${message})`,
      {
        cause: err,
        backend: BACKEND_NAME,
      },
    );
  }
  return new JobStoreError("JOBSTORE_UNAVAILABLE", `${what}: the file system failed (${message})`, {
    cause: err,
    backend: BACKEND_NAME,
    retryable: code === undefined ? false : !PERMANENT.has(code),
  });
}

/** Whether `err` says the path is missing. */
export function isMissing(err: unknown): boolean {
  const code = errno(err);
  return code === "ENOENT" || code === "ENOTDIR";
}
