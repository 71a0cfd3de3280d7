import { randomUUID } from "node:crypto";
import { destroyOnAbort, type JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { isMissing } from "../errors.js";
import { stageStream } from "../storage/content.js";
import { openContent } from "../storage/content-reader.js";
import {
  commitNewFile,
  requireRecordHeader,
  switchFileVersion,
  withCurrentContent,
} from "../storage/file-commit.js";
import { requireIdLength } from "../storage/limits.js";
import { replacedExists } from "../storage/lookup.js";
import { fileContentPath, fileLabel, readRecordHeader, removeVersionContent } from "../storage/records.js";

type FileMethods = Pick<
  JobStoreBackend,
  "newFileId" | "writeFile" | "updateFile" | "readFile" | "deleteFile" | "fileExists" | "getFileSize"
>;

// Bounds the memory of IDs minted but never written (a caller that gave up): past it, writes simply
// take the path for IDs of unknown origin.
const MAX_MINTED = 100_000;

/** The job-file half of the file backend. */
export function fileMethods(ctx: StoreContext): FileMethods {
  return {
    newFileId(meta) {
      // The basename rides in the ID after the only "/", as Toil's IDs end with it.
      const fileId = meta.basename ? `${randomUUID()}/${meta.basename}` : randomUUID();
      if (ctx.minted.size >= MAX_MINTED) ctx.minted.clear();
      ctx.minted.add(fileId);
      return fileId;
    },

    async writeFile(fileId, source, meta, options) {
      requireIdLength("fileId", fileId);
      const staged = await stageStream(
        ctx,
        source,
        ctx.key !== undefined,
        meta.executable,
        options.signal,
        !(meta.cleanup && meta.jobId !== undefined),
      );
      await commitNewFile(ctx, fileId, staged, meta);
    },

    async updateFile(fileId, source, options) {
      const previous = await requireRecordHeader(ctx, fileId);
      const staged = await stageStream(
        ctx,
        source,
        ctx.key !== undefined,
        previous.executable,
        options.signal,
        !previous.cleanup,
      );
      await switchFileVersion(ctx, previous, staged);
    },

    async readFile(fileId, options) {
      return withCurrentContent(ctx, fileId, async (record, path) => ({
        stream: destroyOnAbort(await openContent(ctx, record, path, fileLabel(fileId)), options.signal),
        executable: record.executable,
      }));
    },

    async deleteFile(fileId) {
      const recordPath = ctx.layout.record(fileId);
      const record = await readRecordHeader(ctx, recordPath, fileId, fileLabel(fileId));
      if (!record) return;
      try {
        await ctx.fs.unlink(recordPath);
      } catch (err) {
        if (isMissing(err)) return;
        throw err;
      }
      await removeVersionContent(ctx, record, fileContentPath(ctx, record));
    },

    fileExists: (fileId) => replacedExists(ctx, ctx.layout.record(fileId)),

    async getFileSize(fileId) {
      const record = await readRecordHeader(ctx, ctx.layout.record(fileId), fileId, fileLabel(fileId));
      return record?.size ?? 0;
    },
  };
}
