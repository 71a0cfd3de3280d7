import { dirname } from "node:path";
import type { StoreContext } from "../context.js";
import type { FsApi } from "./fs-api.js";

const FIRST_READ = 16 * 1024;

/** Opens `path` for reading; `undefined` when it (or a directory on its way) does not exist. */
async function openIfThere(fs: FsApi, path: string): Promise<number | undefined> {
  try {
    return await fs.open(path, "r");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

/**
 * Reads a whole (usually small) file in open + read + close; `undefined` when it does not exist.
 * A short read is the end of a regular file, so a small file costs no further call.
 */
export async function readWhole(fs: FsApi, path: string, hint = FIRST_READ): Promise<Buffer | undefined> {
  const fd = await openIfThere(fs, path);
  if (fd === undefined) return undefined;
  try {
    let buffer = Buffer.allocUnsafe(hint);
    let length = 0;
    for (;;) {
      const n = await fs.read(fd, buffer, length, buffer.length - length, null);
      length += n;
      if (n === 0 || length < buffer.length) break;
      const bigger = Buffer.allocUnsafe(buffer.length * 4);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    return buffer.subarray(0, length);
  } finally {
    await fs.close(fd);
  }
}

/**
 * Reads at most `size` bytes from the start of a file in open + read + close; `undefined` when it does
 * not exist. Fewer bytes than `size` means the whole file was read (a short read ends a regular file).
 */
export async function readPrefix(fs: FsApi, path: string, size: number): Promise<Buffer | undefined> {
  const fd = await openIfThere(fs, path);
  if (fd === undefined) return undefined;
  try {
    const buffer = Buffer.allocUnsafe(size);
    return buffer.subarray(0, await fs.read(fd, buffer, 0, size, 0));
  } finally {
    await fs.close(fd);
  }
}

/** The names in directory `dir`; `undefined` when it (or a directory on its way) does not exist. */
export async function readdirIfThere(fs: FsApi, dir: string): Promise<string[] | undefined> {
  try {
    return await fs.readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw err;
  }
}

/**
 * Writes all of `data` to `fd`, looping over short writes. Parts are written in one `writev` call, so a
 * record's header and the caller's content are never joined into a fresh buffer first (a copy into new
 * memory costs more than the write here).
 */
export async function writeAll(fs: FsApi, fd: number, data: Buffer | readonly Buffer[]): Promise<void> {
  if (Buffer.isBuffer(data)) {
    let offset = 0;
    while (offset < data.length) offset += await fs.write(fd, data, offset, data.length - offset);
    return;
  }
  let parts = data.filter((part) => part.length > 0);
  while (parts.length > 0) {
    if (parts.length === 1) return writeAll(fs, fd, parts[0]!);
    parts = rest(parts, await fs.writev(fd, parts));
  }
}

/** What is left of `parts` after the first `written` bytes. */
function rest(parts: Buffer[], written: number): Buffer[] {
  let skip = written;
  let i = 0;
  while (i < parts.length && skip >= parts[i]!.length) skip -= parts[i++]!.length;
  const left = parts.slice(i);
  if (skip > 0 && left.length > 0) left[0] = left[0]!.subarray(skip);
  return left;
}

/** fsyncs a directory, so that the entries just made in it survive power loss. */
export async function syncDir(fs: FsApi, dir: string): Promise<void> {
  const fd = await fs.open(dir, "r");
  try {
    await fs.fsync(fd);
  } finally {
    await fs.close(fd);
  }
}

/** Removes a path if it is there, ignoring every failure: for clean-up after another error. */
export async function removeQuietly(fs: FsApi, path: string): Promise<void> {
  try {
    await fs.unlink(path);
  } catch {
    // already gone, or the store itself went away: nothing left to reclaim here
  }
}

/**
 * Writes `data` to a fresh temp file of the store (fsynced with `ctx.sync`) and returns its path. On
 * failure the temp file is removed.
 */
export async function writeTemp(
  ctx: StoreContext,
  data: Buffer | readonly Buffer[],
  mode = 0o644,
  suffix?: string,
): Promise<string> {
  const temp = ctx.layout.temp(suffix);
  const fd = await ctx.fs.open(temp, "wx", mode);
  try {
    await writeAll(ctx.fs, fd, data);
    if (ctx.sync) await ctx.fs.fsync(fd);
  } catch (err) {
    await ctx.fs.close(fd).catch(() => {});
    await removeQuietly(ctx.fs, temp);
    throw err;
  }
  try {
    await ctx.fs.close(fd);
  } catch (err) {
    await removeQuietly(ctx.fs, temp);
    throw err;
  }
  return temp;
}

/** Renames a finished temp file into place (fsyncing the directory with `ctx.sync`); removes it on failure. */
export async function install(ctx: StoreContext, temp: string, dest: string): Promise<void> {
  try {
    await ctx.fs.rename(temp, dest);
  } catch (err) {
    await removeQuietly(ctx.fs, temp);
    throw err;
  }
  if (ctx.sync) await syncDir(ctx.fs, dirname(dest));
}

/** Writes `data` to `dest` atomically: temp file in the store, then one rename. */
export async function writeAtomically(ctx: StoreContext, dest: string, data: Buffer): Promise<void> {
  await install(ctx, await writeTemp(ctx, data), dest);
}
