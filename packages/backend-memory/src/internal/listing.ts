import { type FileInfo, type JobStoreBackend, type SharedFileInfo, throwIfAborted } from "@jobstore/core";
import type { Handle } from "./handle.js";
import { requireStore } from "./store-registry.js";

type ListingMethods = Pick<JobStoreBackend, "listFiles" | "listSharedFiles" | "listLogs">;

/**
 * The enumeration half of the memory backend. Each walk takes a snapshot of the keys and looks every
 * entry up when its turn comes, so entries deleted meanwhile are skipped and none is listed twice. No
 * `sha256`: memory cannot rot, and hashing every file on each listing would cost more than it guards.
 */
export function listingMethods(handle: Handle): ListingMethods {
  return {
    async *listFiles(options) {
      const store = requireStore(handle.storeName);
      for (const fileId of [...store.files.keys()]) {
        throwIfAborted(options.signal);
        const file = store.files.get(fileId);
        if (!file) continue;
        const info: FileInfo = {
          fileId,
          cleanup: file.cleanup,
          executable: file.executable,
          size: file.size,
          encrypted: file.encrypted,
          ...(file.jobId === undefined ? {} : { jobId: file.jobId }),
          ...(file.basename === undefined ? {} : { basename: file.basename }),
        };
        yield info;
      }
    },

    async *listSharedFiles(options) {
      const store = requireStore(handle.storeName);
      for (const name of [...store.shared.keys()]) {
        throwIfAborted(options.signal);
        const record = store.shared.get(name);
        if (!record) continue;
        const info: SharedFileInfo = { name, size: record.size, encrypted: record.encrypted };
        yield info;
      }
    },

    async *listLogs(options) {
      const store = requireStore(handle.storeName);
      // Read ones first: every read message was written before every unread one still waiting.
      const entries = [
        ...store.logs.read.map((message) => ({ message, read: true })),
        ...store.logs.unread.map((message) => ({ message, read: false })),
      ];
      for (const { message, read } of entries) {
        throwIfAborted(options.signal);
        yield { message: Buffer.from(message), read };
      }
    },
  };
}
