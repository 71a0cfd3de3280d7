import { JobStoreError, type JobStoreErrorCode } from "@jobstore/core";

/** What one backend object knows: the store it is a handle on, and its own key (never shared). */
export interface Handle {
  readonly storeName: string;
  readonly key: Buffer | undefined;
}

/** A {@link @jobstore/core!JobStoreError} tagged with this backend's name. */
export function memoryError(code: JobStoreErrorCode, message: string, cause?: unknown): JobStoreError {
  return new JobStoreError(code, message, { backend: "memory", ...(cause === undefined ? {} : { cause }) });
}
