import { fileURLToPath, pathToFileURL } from "node:url";
import type { JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { errno, fileError } from "../errors.js";
import { materialize, stagePath } from "../storage/content.js";
import { openContent, verifiedPlain } from "../storage/content-reader.js";
import { commitNewFile, withCurrentContent } from "../storage/file-commit.js";
import { requireIdLength } from "../storage/limits.js";
import { copyVerified, streamTo, writeBufferTo } from "../storage/local-files.js";
import { fileLabel } from "../storage/records.js";
import { commitSharedFile, sharedLabel, withSharedContent } from "../storage/shared-commit.js";

type UrlMethods = Pick<JobStoreBackend, "importFile" | "exportFile" | "getPublicUrl" | "getSharedPublicUrl">;

/** The local path of a `file:` URL, checked to be a regular file; resolves its executable bit. */
async function localSource(ctx: StoreContext, url: URL): Promise<{ path: string; executable: boolean }> {
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
 * `file:` URLs: imports and exports copy by the kernel (never streaming through JavaScript unless the
 * content is encrypted), and a public URL is the `file:` URL of the immutable content version.
 */
export function urlMethods(ctx: StoreContext): UrlMethods {
  const encrypt = ctx.key !== undefined;

  return {
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
