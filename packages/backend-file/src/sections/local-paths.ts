import type { JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { materialize, stagePath } from "../storage/content.js";
import { openContent, verifiedPlain } from "../storage/content-reader.js";
import {
  commitNewFile,
  requireRecordHeader,
  switchFileVersion,
  withCurrentContent,
} from "../storage/file-commit.js";
import { requireIdLength } from "../storage/limits.js";
import { copyVerified, linkTo, streamTo, symlinkTo, writeBufferTo } from "../storage/local-files.js";
import { fileLabel } from "../storage/records.js";

type LocalPathMethods = Pick<JobStoreBackend, "writeFileFromPath" | "updateFileFromPath" | "readFileToPath">;

/**
 * The local-path fast paths: a local file goes in by a kernel copy (a reflink where the file system can),
 * comes out by a hard link of its immutable content version (or a kernel copy), never streaming through
 * JavaScript unless the content is encrypted.
 */
export function localPathMethods(ctx: StoreContext): LocalPathMethods {
  const encrypt = ctx.key !== undefined;

  return {
    async writeFileFromPath(fileId, localPath, meta, options) {
      requireIdLength("fileId", fileId);
      const inline = !(meta.cleanup && meta.jobId !== undefined);
      const staged = await stagePath(ctx, localPath, encrypt, meta.executable, options.signal, inline);
      await commitNewFile(ctx, fileId, staged, meta);
    },

    async updateFileFromPath(fileId, localPath, options) {
      const previous = await requireRecordHeader(ctx, fileId);
      const staged = await stagePath(
        ctx,
        localPath,
        encrypt,
        previous.executable,
        options.signal,
        !previous.cleanup,
      );
      await switchFileVersion(ctx, previous, staged);
    },

    async readFileToPath(fileId, localPath, symlink, options) {
      const label = fileLabel(fileId);
      await withCurrentContent(ctx, fileId, async (record, path) => {
        if (record.encrypted) {
          const stream = await openContent(ctx, record, path, label);
          await streamTo(stream, localPath, record.executable);
          return;
        }
        if (record.body && !symlink) {
          const plain = verifiedPlain(ctx, record, record.body, label);
          return writeBufferTo(ctx, plain, localPath, record.executable);
        }
        if (record.body) await materialize(ctx, record.body, path, record.executable);
        if (symlink) return symlinkTo(ctx, path, localPath);
        if (ctx.hardLinkReads && (await linkTo(ctx, path, localPath))) return;
        options.signal?.throwIfAborted();
        await copyVerified(ctx, record, path, localPath, label);
      });
    },
  };
}
