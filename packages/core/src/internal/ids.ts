import type { JobStoreCapabilities } from "../capabilities.js";
import { JobStoreError } from "../errors.js";

/** Toil's rule for shared file names. */
export const SHARED_FILE_NAME = /^[a-zA-Z0-9._-]+$/;

// ES2024's String.prototype.isWellFormed (Node 20+), not yet in the ES2023 lib this package compiles with.
interface WellFormed {
  isWellFormed(): boolean;
}

/**
 * Whether the backend can hold `id` as a job or file ID: non-empty, no lone surrogate (UTF-8 cannot
 * carry one, so two different IDs would collide), and within `capabilities.maxIdBytes`.
 */
export function holdsId(caps: JobStoreCapabilities, id: string): boolean {
  if (id === "" || !(id as unknown as WellFormed).isWellFormed()) return false;
  const max = caps.maxIdBytes;
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: most IDs are decided without counting.
  if (max === 0 || id.length * 3 <= max) return true;
  return id.length <= max && Buffer.byteLength(id, "utf8") <= max;
}

/** Checks an ID's type (a programming error when it is not a string). */
export function requireId(kind: string, id: unknown): string {
  if (typeof id !== "string") throw new TypeError(`${kind} must be a string, got ${typeof id}`);
  return id;
}

/**
 * Checks an ID a write will store (a job's `jobStoreId`, a `jobId` option, a restored file ID, the root
 * job ID).
 *
 * @throws TypeError when it is not a string.
 * @throws {@link JobStoreError} `JOBSTORE_INVALID_NAME` when the backend cannot hold it.
 */
export function requireStorableId(caps: JobStoreCapabilities, kind: string, id: unknown): string {
  requireId(kind, id);
  if (!holdsId(caps, id as string)) {
    const limit = caps.maxIdBytes > 0 ? ` of at most ${caps.maxIdBytes} UTF-8 bytes` : "";
    throw new JobStoreError(
      "JOBSTORE_INVALID_NAME",
      `${kind} ${JSON.stringify(id)} is not a storable ID (it must be a non-empty, well-formed string${limit})`,
    );
  }
  return id as string;
}

/**
 * Checks a shared file name: Toil's pattern, within `capabilities.maxSharedNameBytes`.
 *
 * @throws {@link JobStoreError} `JOBSTORE_INVALID_NAME`.
 */
export function requireSharedName(caps: JobStoreCapabilities, name: unknown): string {
  if (typeof name !== "string" || !SHARED_FILE_NAME.test(name)) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_NAME",
      `invalid shared file name ${JSON.stringify(name)}: it must match ${SHARED_FILE_NAME}`,
    );
  }
  // The pattern admits ASCII only: characters are bytes.
  if (caps.maxSharedNameBytes > 0 && name.length > caps.maxSharedNameBytes) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_NAME",
      `shared file name ${JSON.stringify(name)} is longer than ${caps.maxSharedNameBytes} bytes`,
    );
  }
  return name;
}

/** The answer of the file methods for an ID that names no file (one no backend could hold, too). */
export function throwNoSuchFile(fileId: string): never {
  throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `file ${JSON.stringify(fileId)} does not exist`);
}
