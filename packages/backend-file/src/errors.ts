import { isJobStoreError, type JobStoreBackend, JobStoreError, type JobStoreErrorCode } from "@jobstore/core";
import { maybeYield } from "./storage/yield.js";

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

/** Resolves to `value`, after letting the event loop run if this thread has kept it waiting. */
function afterYield<T>(value: T): T | Promise<T> {
  const pause = maybeYield();
  return pause ? pause.then(() => value) : value;
}

function guardIterable<T>(iterable: AsyncIterable<T>, what: string): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = iterable[Symbol.asyncIterator]();
      return {
        next: () =>
          iterator.next().then(afterYield, (err: unknown) => {
            throw storageError(err, what);
          }),
        return: async (value?: unknown) =>
          (await iterator.return?.(value)) ?? { done: true, value: undefined },
      };
    },
  };
}

/**
 * Wraps every method of a backend so that a file system failure comes out as a coded
 * {@link @jobstore/core!JobStoreError} (see {@link storageError}) instead of a bare `ENOSPC`.
 */
export function guardBackend(backend: JobStoreBackend): JobStoreBackend {
  const guarded: Record<string, unknown> = { ...backend };
  for (const [name, value] of Object.entries(backend)) {
    if (typeof value !== "function") continue;
    const method = value as (...args: unknown[]) => unknown;
    guarded[name] = (...args: unknown[]) => {
      const result = method(...args);
      if (result instanceof Promise) {
        return result.then(afterYield, (err: unknown) => {
          throw storageError(err, name);
        });
      }
      if (result !== null && typeof result === "object" && Symbol.asyncIterator in result) {
        return guardIterable(result as AsyncIterable<unknown>, name);
      }
      return result;
    };
  }
  return guarded as unknown as JobStoreBackend;
}
