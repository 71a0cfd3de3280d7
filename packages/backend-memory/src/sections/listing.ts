import type { FileInfo, JobStoreBackend, SharedFileInfo } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { snapshotWalk } from "../storage/snapshot-walk.js";
import { type ContentRecord, type FileRecord, requireStore } from "../storage/store-registry.js";

type ListingMethods = Pick<JobStoreBackend, "listFiles" | "listSharedFiles" | "listLogs">;

function fileInfo(fileId: string, file: FileRecord | undefined): FileInfo | undefined {
  if (!file) return undefined;
  return {
    fileId,
    cleanup: file.cleanup,
    executable: file.executable,
    size: file.size,
    encrypted: file.encrypted,
    ...(file.jobId === undefined ? {} : { jobId: file.jobId }),
    ...(file.basename === undefined ? {} : { basename: file.basename }),
  };
}

function sharedInfo(name: string, record: ContentRecord | undefined): SharedFileInfo | undefined {
  return record && { name, size: record.size, encrypted: record.encrypted };
}

/**
 * The enumeration half of the memory backend, each walk a {@link snapshotWalk}. No
 * `sha256`: memory cannot rot, and hashing every file on each listing would cost more than it guards.
 */
export function listingMethods(ctx: StoreContext): ListingMethods {
  return {
    listFiles(options) {
      return snapshotWalk(() => {
        const store = requireStore(ctx.storeName);
        return {
          keys: store.files.keys(),
          lookup: (fileId: string) => fileInfo(fileId, store.files.get(fileId)),
        };
      }, options.signal);
    },

    listSharedFiles(options) {
      return snapshotWalk(() => {
        const store = requireStore(ctx.storeName);
        return {
          keys: store.shared.keys(),
          lookup: (name: string) => sharedInfo(name, store.shared.get(name)),
        };
      }, options.signal);
    },

    listLogs(options) {
      // Read ones first: every read message was written before every unread one still waiting.
      return snapshotWalk(() => {
        const { logs } = requireStore(ctx.storeName);
        const entries = [
          ...logs.read.map((message) => ({ message, read: true })),
          ...logs.unread.map((message) => ({ message, read: false })),
        ];
        return {
          keys: entries,
          lookup: (e: { message: Buffer; read: boolean }) => ({ ...e, message: Buffer.from(e.message) }),
        };
      }, options.signal);
    },
  };
}
