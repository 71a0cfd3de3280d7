import { isJobStoreError, JobStoreError } from "../errors.js";

/**
 * Turns whatever a backend threw into a {@link JobStoreError}: ours pass through, aborts become
 * `JOBSTORE_ABORTED`, and anything else `JOBSTORE_UNAVAILABLE` with the original kept as `cause`.
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
  const retryable = (err as { $retryable?: unknown } | null)?.$retryable !== undefined ? true : undefined;
  return new JobStoreError("JOBSTORE_UNAVAILABLE", `${what} failed in backend ${backend}: ${message}`, {
    cause: err,
    backend,
    ...(retryable === undefined ? {} : { retryable }),
  });
}
