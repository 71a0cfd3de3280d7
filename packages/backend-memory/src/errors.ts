import { JobStoreError, type JobStoreErrorCode } from "@jobstore/core";

/** A {@link @jobstore/core!JobStoreError} tagged with this backend's name. */
export function memoryError(code: JobStoreErrorCode, message: string, cause?: unknown): JobStoreError {
  return new JobStoreError(code, message, { backend: "memory", ...(cause === undefined ? {} : { cause }) });
}

/** The `JOBSTORE_NO_SUCH_FILE` error for a file ID. */
export function noSuchFile(fileId: string): JobStoreError {
  return memoryError("JOBSTORE_NO_SUCH_FILE", `file ${JSON.stringify(fileId)} does not exist`);
}

/**
 * What a failure to read a local file becomes: a file that vanished since the front end checked it (or
 * is no file) is `JOBSTORE_NO_SUCH_FILE`; anything else is passed on as it is.
 */
export function localReadError(cause: unknown, localPath: string): unknown {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") {
    return memoryError("JOBSTORE_NO_SUCH_FILE", `cannot read local file ${localPath}`, cause);
  }
  return cause;
}
