import { basename, dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errno, isMissing } from "./errors.js";
import { type Ctx, readPrefix, readWhole } from "./io.js";

/**
 * The pauses (ms) before each new look at a name that is listed in its directory but that lookups keep
 * missing: 511 ms in all. Through a bindfs passthrough with four writers racing, most such gaps closed
 * within 1 ms, the longest seen lasted about 100 ms on a loaded machine.
 */
const RETRY_PAUSES_MS = [1, 2, 4, 8, 16, 32, 64, 128, 256] as const;

// libfuse replaces a name that is open somewhere in two steps: it renames the old file to a hidden name,
// then renames the new one over the freed name. While one such file is listed, a name missing from the
// listing may be in the middle of that.
const FUSE_HIDDEN = ".fuse_hidden";

/** Errors that a lookup or a read racing a rename over the name may see although the name exists. */
function isRenameRace(err: unknown): boolean {
  const code = errno(err);
  return code === "ENOENT" || code === "ESTALE";
}

/**
 * Runs `look` on `path` (a name that writers replace by rename; `look` resolves `undefined` when it is
 * missing) and, on a miss, decides whether the name is really gone. Where the file system's lookups never
 * miss a name that a rename is replacing (ext4, btrfs, xfs, tmpfs, overlayfs) the miss is final. Elsewhere
 * (FUSE, NFS, …) a lookup can miss a name that exists: a cached name for the replaced file (`ESTALE`,
 * or `ENOENT` from a FUSE daemon), or a daemon's two-step replacement. There the name is looked up once
 * more, then its directory is listed: a rename never removes a name from the listing (it replaces the
 * entry), so a name that is not listed, with no replacement of libfuse in flight, is gone; a listed one is
 * looked up again, over a bounded window ({@link RETRY_PAUSES_MS}). A found name costs `look` alone; a
 * missing one costs one more lookup and one listing there.
 *
 * @throws what `look` throws, except `ENOENT`/`ESTALE` while retries remain; an `ESTALE` that outlasts
 * the window is rethrown (the store maps it to a retryable `JOBSTORE_UNAVAILABLE`).
 */
export async function lookUp<T>(
  ctx: Ctx,
  path: string,
  look: () => Promise<T | undefined>,
): Promise<T | undefined> {
  try {
    const found = await look();
    if (found !== undefined || ctx.fsKind.atomicLookups) return found;
  } catch (err) {
    if (!isRenameRace(err)) throw err;
  }
  return lookAgain(ctx, path, look);
}

async function lookAgain<T>(
  ctx: Ctx,
  path: string,
  look: () => Promise<T | undefined>,
): Promise<T | undefined> {
  let stale: unknown;
  let listed = false;
  for (let attempt = 0; attempt <= RETRY_PAUSES_MS.length; attempt++) {
    if (attempt > 0) await sleep(RETRY_PAUSES_MS[attempt - 1]);
    try {
      const found = await look();
      if (found !== undefined) return found;
      stale = undefined;
    } catch (err) {
      if (!isRenameRace(err)) throw err;
      // A read that keeps failing with ENOENT is a file removed under an open descriptor: gone.
      stale = errno(err) === "ESTALE" ? err : undefined;
    }
    if (stale === undefined && !listed) {
      listed = await mayBeListed(ctx, path);
      if (!listed) return undefined;
    }
  }
  if (stale !== undefined) throw stale;
  return undefined;
}

/** Whether `path` is listed in its directory, or a libfuse two-step replacement may be hiding it. */
async function mayBeListed(ctx: Ctx, path: string): Promise<boolean> {
  let names: string[];
  try {
    names = await ctx.fs.readdir(dirname(path));
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
  const name = basename(path);
  return names.some((entry) => entry === name || entry.startsWith(FUSE_HIDDEN));
}

/**
 * {@link readWhole} of a name that writers replace by rename: never `undefined` because a writer was
 * replacing it (see {@link lookUp}; spelled out here so the found case costs no extra call).
 */
export async function readReplaced(ctx: Ctx, path: string, hint?: number): Promise<Buffer | undefined> {
  try {
    const bytes = await readWhole(ctx.fs, path, hint);
    if (bytes !== undefined || ctx.fsKind.atomicLookups) return bytes;
  } catch (err) {
    if (!isRenameRace(err)) throw err;
  }
  return lookAgain(ctx, path, () => readWhole(ctx.fs, path, hint));
}

/** {@link readPrefix} of a name that writers replace by rename (see {@link readReplaced}). */
export function readReplacedPrefix(ctx: Ctx, path: string, size: number): Promise<Buffer | undefined> {
  return lookUp(ctx, path, () => readPrefix(ctx.fs, path, size));
}

async function existsOnce(ctx: Ctx, path: string): Promise<true | undefined> {
  try {
    await ctx.fs.exists(path);
    return true;
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** Whether a name that writers replace by rename exists (see {@link readReplaced}). */
export async function replacedExists(ctx: Ctx, path: string): Promise<boolean> {
  try {
    await ctx.fs.exists(path);
    return true;
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  if (ctx.fsKind.atomicLookups) return false;
  return (await lookAgain(ctx, path, () => existsOnce(ctx, path))) === true;
}
