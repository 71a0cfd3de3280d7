import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { writeLocalFileAtomically } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { errno, fileError } from "../errors.js";
import { ContentCheck, checkBuffer } from "./checksum.js";
import { hashRest } from "./content.js";
import { readExactly } from "./content-reader.js";
import { removeQuietly, writeAll } from "./io.js";
import type { FileRecord } from "./records.js";

// Content up to this size is copied by one read and one write on this thread.
const SMALL_COPY = 1024 * 1024;

// Where a hard link cannot be made (another file system, no links there, too many links), a copy is.
const NO_LINK = new Set(["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EACCES"]);

/** A temp name beside `path`, so that the final rename stays on one file system. */
function besides(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomUUID()}.partial`);
}

/** Local-side failures must not look like a missing content version (which makes readers retry). */
function localError(what: string, path: string, err: unknown) {
  const code = errno(err);
  return fileError(
    "JOBSTORE_UNAVAILABLE",
    `${what}: cannot write local path ${path} (${code ?? String(err)})`,
    err,
  );
}

/**
 * Puts `make(temp)`'s result at `path` atomically: made under a temp name beside it, then renamed.
 * Renaming a name onto another link of the same file is a no-op that leaves the temp name behind, so
 * when `make` links an existing file (`mayBeLinked`) the temp name is removed after the rename too; a
 * file `make` created itself cannot be another link of `path`.
 */
async function placeBeside(
  ctx: StoreContext,
  path: string,
  make: (temp: string) => Promise<void>,
  mayBeLinked = true,
): Promise<void> {
  const temp = besides(path);
  try {
    await make(temp);
    await ctx.fs.rename(temp, path);
  } catch (err) {
    await removeQuietly(ctx.fs, temp);
    throw err;
  }
  if (mayBeLinked) await removeQuietly(ctx.fs, temp);
}

/**
 * Hard-links a content version to `localPath` (replacing what is there atomically). Content versions are
 * immutable, so the link shows exactly the bytes of the version read; the caller must not modify the
 * file (it shares the store's copy). Resolves `false` where no link can be made.
 */
export async function linkTo(ctx: StoreContext, contentPath: string, localPath: string): Promise<boolean> {
  try {
    await ctx.fs.link(contentPath, localPath);
    return true;
  } catch (err) {
    const code = errno(err);
    if (code === "ENOENT") await ensureContent(ctx, contentPath, localPath, err);
    if (code !== undefined && NO_LINK.has(code)) return false;
    if (code !== "EEXIST") throw localError("readFile", localPath, err);
  }
  try {
    await placeBeside(ctx, localPath, (temp) => ctx.fs.link(contentPath, temp));
    return true;
  } catch (err) {
    const code = errno(err);
    if (code === "ENOENT") await ensureContent(ctx, contentPath, localPath, err);
    if (code !== undefined && NO_LINK.has(code)) return false;
    throw localError("readFile", localPath, err);
  }
}

/** Rethrows `err` (a missing content version: the caller reads the record again) when the content is gone. */
async function ensureContent(
  ctx: StoreContext,
  contentPath: string,
  localPath: string,
  err: unknown,
): Promise<void> {
  try {
    await ctx.fs.stat(contentPath);
  } catch {
    throw err;
  }
  throw localError("readFile", localPath, err);
}

/** Symlinks `localPath` to a content version (atomically replacing what is there). */
export async function symlinkTo(ctx: StoreContext, contentPath: string, localPath: string): Promise<void> {
  try {
    await placeBeside(ctx, localPath, (temp) => ctx.fs.symlink(contentPath, temp), false);
  } catch (err) {
    throw localError("readFile", localPath, err);
  }
}

/**
 * Writes verified plaintext (an inline version's) to `localPath` atomically: a temp file beside it, one
 * write, one rename.
 */
export async function writeBufferTo(
  ctx: StoreContext,
  bytes: Buffer,
  localPath: string,
  executable: boolean,
): Promise<void> {
  await placeBeside(
    ctx,
    localPath,
    async (temp) => {
      let out: number;
      try {
        out = await ctx.fs.open(temp, "wx", executable ? 0o755 : 0o644);
      } catch (err) {
        throw localError("read", localPath, err);
      }
      try {
        await writeAll(ctx.fs, out, bytes);
      } finally {
        await ctx.fs.close(out);
      }
    },
    false,
  );
}

/**
 * Copies an unencrypted content version to `localPath` by the kernel (a reflink where the file system
 * can) while the same bytes are hashed: the copy is renamed into place only when they match the record.
 *
 * @throws `JOBSTORE_CHECKSUM_MISMATCH` when the stored bytes are not the recorded ones.
 */
export async function copyVerified(
  ctx: StoreContext,
  record: FileRecord,
  contentPath: string,
  localPath: string,
  label: string,
): Promise<void> {
  await placeBeside(
    ctx,
    localPath,
    async (temp) => {
      const fd = await ctx.fs.open(contentPath, "r");
      let failure: Error | undefined;
      try {
        if (record.size <= SMALL_COPY) {
          // Small: one read, verified, one write; no thread hand-off at all.
          const bytes = await readExactly(ctx, fd, record.size + 1);
          failure = checkBuffer(bytes, record, label);
          if (!failure) {
            const out = await ctx.fs.open(temp, "wx", record.executable ? 0o755 : 0o644);
            try {
              await writeAll(ctx.fs, out, bytes);
            } finally {
              await ctx.fs.close(out);
            }
          }
        } else {
          const check = new ContentCheck(record, label);
          await Promise.all([
            ctx.fs.copyFile(contentPath, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE),
            hashRest(ctx, fd, check, 0),
          ]);
          failure = check.failure();
        }
      } finally {
        await ctx.fs.close(fd);
      }
      if (failure) throw failure;
    },
    false,
  );
}

/** Streams (decrypted, verified) content to `localPath` atomically. */
export async function streamTo(stream: Readable, localPath: string, executable: boolean): Promise<void> {
  await writeLocalFileAtomically(localPath, stream, executable);
}
