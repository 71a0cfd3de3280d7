import type { FileWriteMeta } from "@jobstore/core";
import { memoryError, noSuchFile } from "../errors.js";
import { removeQuietly } from "./content.js";
import type { ContentRecord, FileRecord, StoreState } from "./store-registry.js";

/** What {@link @jobstore/backend-memory!createMemoryBackend}'s `newFileId` makes: a UUID, then `/<basename>` when named. */
const SLASH = 0x2f;
const OWN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/(.+)$/;

/**
 * The record of a job file.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` when there is none.
 */
export function requireFile(store: StoreState, fileId: string): FileRecord {
  const file = store.files.get(fileId);
  if (!file) throw noSuchFile(fileId);
  return file;
}

/**
 * The record of a shared file.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` when there is none.
 */
export function requireShared(store: StoreState, name: string): ContentRecord {
  const record = store.shared.get(name);
  if (!record)
    throw memoryError("JOBSTORE_NO_SUCH_FILE", `shared file ${JSON.stringify(name)} does not exist`);
  return record;
}

/**
 * The record of a newly written file. The basename comes from `meta`, or else from an ID this backend
 * made (which carries it after the UUID); a foreign ID, restored from another store, is never parsed.
 */
export function fileRecord(fileId: string, meta: FileWriteMeta, content: ContentRecord): FileRecord {
  return {
    ...content,
    jobId: meta.jobId,
    cleanup: meta.cleanup && meta.jobId !== undefined,
    executable: meta.executable,
    basename: meta.basename ?? (fileId.charCodeAt(36) === SLASH ? OWN_ID.exec(fileId)?.[1] : undefined),
  };
}

/**
 * Switches a file to `content` (already committed) if no other write committed since `before` was read,
 * in one synchronous step (check, switch, drop the old version): no other write can slip in between.
 * When the check fails, `content` is dropped.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` when the file was deleted meanwhile,
 * `JOBSTORE_CONCURRENT_MODIFICATION` when another write won.
 */
export function replaceContent(
  store: StoreState,
  fileId: string,
  before: FileRecord,
  what: string,
  content: ContentRecord,
): void {
  const current = store.files.get(fileId);
  if (!current || current.version !== before.version) {
    removeQuietly(store, content.path);
    if (!current) throw noSuchFile(fileId);
    throw memoryError(
      "JOBSTORE_CONCURRENT_MODIFICATION",
      `${what}: file ${JSON.stringify(fileId)} was changed by another write while this one ran`,
    );
  }
  store.files.set(fileId, { ...current, ...content });
  removeQuietly(store, current.path);
}
