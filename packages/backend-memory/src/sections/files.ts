import { randomUUID } from "node:crypto";
import { destroyOnAbort, type JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { noSuchFile } from "../errors.js";
import {
  commitContent,
  openContent,
  removeQuietly,
  requireSameStore,
  stageContent,
} from "../storage/content.js";
import { fileRecord, replaceContent, requireFile } from "../storage/file-records.js";
import { requireStore } from "../storage/store-registry.js";

type FileMethods = Pick<
  JobStoreBackend,
  "newFileId" | "writeFile" | "updateFile" | "readFile" | "deleteFile" | "fileExists" | "getFileSize"
>;

/** The job-file half of the memory backend. */
export function fileMethods(ctx: StoreContext): FileMethods {
  return {
    newFileId(meta) {
      // The basename rides in the ID (after the only "/") so public URL copies keep the file's name.
      return meta.basename ? `${randomUUID()}/${meta.basename}` : randomUUID();
    },

    async writeFile(fileId, source, meta, options) {
      const store = requireStore(ctx.storeName);
      const staged = await stageContent(store, source, ctx.key, options.signal);
      requireSameStore(ctx, store, staged);
      const previous = store.files.get(fileId);
      store.files.set(fileId, fileRecord(fileId, meta, commitContent(store, staged)));
      if (previous) removeQuietly(store, previous.path);
    },

    async updateFile(fileId, source, options) {
      const store = requireStore(ctx.storeName);
      const before = store.files.get(fileId);
      if (!before) {
        source.destroy();
        throw noSuchFile(fileId);
      }
      const staged = await stageContent(store, source, ctx.key, options.signal);
      requireSameStore(ctx, store, staged);
      replaceContent(store, fileId, before, "updateFile", commitContent(store, staged));
    },

    async readFile(fileId, options) {
      const store = requireStore(ctx.storeName);
      const file = requireFile(store, fileId);
      const stream = openContent(file, ctx.key, `file ${JSON.stringify(fileId)}`);
      return { stream: destroyOnAbort(stream, options.signal), executable: file.executable };
    },

    async deleteFile(fileId) {
      const store = requireStore(ctx.storeName);
      const file = store.files.get(fileId);
      if (!file) return;
      store.files.delete(fileId);
      removeQuietly(store, file.path);
    },

    async fileExists(fileId) {
      return requireStore(ctx.storeName).files.has(fileId);
    },

    async getFileSize(fileId) {
      return requireStore(ctx.storeName).files.get(fileId)?.size ?? 0;
    },
  };
}
