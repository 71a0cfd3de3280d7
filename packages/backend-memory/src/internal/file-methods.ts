import { randomUUID } from "node:crypto";
import { destroyOnAbort, type JobStoreBackend } from "@jobstore/core";
import { commitContent, openContent, removeQuietly, type StagedContent, stageContent } from "./content.js";
import { fileRecord, noSuchFile, replaceContent } from "./file-records.js";
import { type Handle, memoryError } from "./handle.js";
import { publishCopy } from "./public-urls.js";
import { type FileRecord, findStore, requireStore, type StoreState } from "./store-registry.js";

type FileMethods = Pick<
  JobStoreBackend,
  | "newFileId"
  | "writeFile"
  | "updateFile"
  | "readFile"
  | "deleteFile"
  | "fileExists"
  | "getFileSize"
  | "getPublicUrl"
>;

/**
 * Rejects when the store was destroyed while a write streamed, dropping the staged content: a write
 * never lands in a store that no longer exists (or in its successor of the same name).
 */
export function requireSameStore(handle: Handle, store: StoreState, staged: StagedContent): void {
  if (findStore(handle.storeName) !== store) {
    removeQuietly(store, staged.temp);
    throw memoryError(
      "JOBSTORE_NO_SUCH_STORE",
      `the memory store ${JSON.stringify(handle.storeName)} was destroyed`,
    );
  }
}

/** The job-file half of the memory backend. */
export function fileMethods(handle: Handle): FileMethods {
  function requireFile(store: StoreState, fileId: string): FileRecord {
    const file = store.files.get(fileId);
    if (!file) throw noSuchFile(fileId);
    return file;
  }

  return {
    newFileId(meta) {
      // The basename rides in the ID (after the only "/") so public URL copies keep the file's name.
      return meta.basename ? `${randomUUID()}/${meta.basename}` : randomUUID();
    },

    async writeFile(fileId, source, meta, options) {
      const store = requireStore(handle.storeName);
      const staged = await stageContent(store, source, handle.key, options.signal);
      requireSameStore(handle, store, staged);
      const previous = store.files.get(fileId);
      store.files.set(fileId, fileRecord(fileId, meta, commitContent(store, staged)));
      if (previous) removeQuietly(store, previous.path);
    },

    async updateFile(fileId, source, options) {
      const store = requireStore(handle.storeName);
      const before = store.files.get(fileId);
      if (!before) {
        source.destroy();
        throw noSuchFile(fileId);
      }
      const staged = await stageContent(store, source, handle.key, options.signal);
      requireSameStore(handle, store, staged);
      replaceContent(store, fileId, before, "updateFile", commitContent(store, staged));
    },

    async readFile(fileId, options) {
      const store = requireStore(handle.storeName);
      const file = requireFile(store, fileId);
      const stream = openContent(file, handle.key, `file ${JSON.stringify(fileId)}`);
      return { stream: destroyOnAbort(stream, options.signal), executable: file.executable };
    },

    async deleteFile(fileId) {
      const store = requireStore(handle.storeName);
      const file = store.files.get(fileId);
      if (!file) return;
      store.files.delete(fileId);
      removeQuietly(store, file.path);
    },

    async fileExists(fileId) {
      return requireStore(handle.storeName).files.has(fileId);
    },

    async getFileSize(fileId) {
      return requireStore(handle.storeName).files.get(fileId)?.size ?? 0;
    },

    async getPublicUrl(fileId, _expiresInSeconds, options) {
      const store = requireStore(handle.storeName);
      const file = requireFile(store, fileId);
      if (file.encrypted) {
        // As on AWS: a URL anyone can read must not hand out what the key protects.
        throw memoryError(
          "JOBSTORE_ENCRYPTION",
          `file ${JSON.stringify(fileId)} is encrypted: no public URL`,
        );
      }
      const stream = openContent(file, handle.key, `file ${JSON.stringify(fileId)}`);
      return publishCopy(store, destroyOnAbort(stream, options.signal), file.basename);
    },
  };
}
