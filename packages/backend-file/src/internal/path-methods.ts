import { fileURLToPath, pathToFileURL } from "node:url";
import type { JobStoreBackend } from "@jobstore/core";
import { materialize, stagePath } from "./content.js";
import { openContent, verifiedPlain } from "./content-reader.js";
import { errno, fileError } from "./errors.js";
import { commitNewFile, requireRecordHeader, switchFileVersion, withCurrentContent } from "./file-commit.js";
import type { Ctx } from "./io.js";
import { requireIdLength } from "./limits.js";
import { copyVerified, linkTo, streamTo, symlinkTo, writeBufferTo } from "./local-files.js";
import { fileLabel } from "./records.js";
import { commitSharedFile, sharedLabel, withSharedContent } from "./shared-file-methods.js";

type PathMethods = Pick<
  JobStoreBackend,
  | "writeFileFromPath"
  | "updateFileFromPath"
  | "readFileToPath"
  | "importFile"
  | "exportFile"
  | "getPublicUrl"
  | "getSharedPublicUrl"
>;

/** The local path of a `file:` URL, checked to be a regular file; resolves its executable bit. */
async function localSource(ctx: Ctx, url: URL): Promise<{ path: string; executable: boolean }> {
  const path = fileURLToPath(url);
  let info: import("node:fs").Stats;
  try {
    info = await ctx.fs.stat(path);
  } catch (cause) {
    throw fileError(
      "JOBSTORE_NO_SUCH_FILE",
      `cannot import ${url.href}: no such file (${errno(cause)})`,
      cause,
    );
  }
  if (!info.isFile())
    throw fileError("JOBSTORE_NO_SUCH_FILE", `cannot import ${url.href}: not a regular file`);
  return { path, executable: (info.mode & 0o111) !== 0 };
}

/**
 * The local-path fast paths: a local file goes in by a kernel copy (a reflink where the file system can),
 * comes out by a hard link of its immutable content version (or a kernel copy), and `file:` imports,
 * exports and public URLs never stream through JavaScript unless the content is encrypted.
 */
export function pathMethods(ctx: Ctx): PathMethods {
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

    async importFile(url, target, options) {
      const source = await localSource(ctx, url);
      if ("sharedFileName" in target) {
        const staged = await stagePath(ctx, source.path, encrypt, false, options.signal);
        await commitSharedFile(ctx, target.sharedFileName, staged);
        return;
      }
      requireIdLength("fileId", target.fileId);
      const inline = !(target.meta.cleanup && target.meta.jobId !== undefined);
      const staged = await stagePath(ctx, source.path, encrypt, source.executable, options.signal, inline);
      await commitNewFile(ctx, target.fileId, staged, { ...target.meta, executable: source.executable });
    },

    async exportFile(fileId, url) {
      const localPath = fileURLToPath(url);
      const label = fileLabel(fileId);
      await withCurrentContent(ctx, fileId, async (record, path) => {
        // Never a link: the exported file is the caller's to change.
        if (record.encrypted) {
          await streamTo(await openContent(ctx, record, path, label), localPath, record.executable);
        } else if (record.body) {
          const plain = verifiedPlain(ctx, record, record.body, label);
          await writeBufferTo(ctx, plain, localPath, record.executable);
        } else {
          await copyVerified(ctx, record, path, localPath, label);
        }
      });
    },

    async getPublicUrl(fileId) {
      const label = fileLabel(fileId);
      return withCurrentContent(ctx, fileId, async (record, path) => {
        if (record.encrypted) throw fileError("JOBSTORE_ENCRYPTION", `${label} is encrypted: no public URL`);
        if (record.body) await materialize(ctx, record.body, path, record.executable);
        await ctx.fs.stat(path);
        return pathToFileURL(path).href;
      });
    },

    async getSharedPublicUrl(name) {
      const label = sharedLabel(name);
      return withSharedContent(ctx, name, async (record, path) => {
        if (record.encrypted) throw fileError("JOBSTORE_ENCRYPTION", `${label} is encrypted: no public URL`);
        if (record.body) await materialize(ctx, record.body, path, false);
        await ctx.fs.stat(path);
        return pathToFileURL(path).href;
      });
    },
  };
}
