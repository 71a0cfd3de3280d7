import { setTimeout as sleep } from "node:timers/promises";
import { errno, isMissing } from "./errors.js";
import { type Ctx, readPrefix, readWhole } from "./io.js";

/**
 * How long a reader keeps looking for a name that writers replace by rename (a job, a file's record, a
 * shared file, the config) before it believes the name is gone: the pause before each new look, in ms
 * (511 ms in all). Only a miss on a file system whose lookups can miss a name mid-rename pays it.
 *
 * Over a FUSE mount the daemon may replace a name in two steps (libfuse hides an open target as
 * `.fuse_hidden…` before renaming the new file over it), or answer for an inode that was just replaced;
 * over NFS an old file handle says `ESTALE`. Measured over a bindfs passthrough with four writers
 * racing: most such gaps close within 1 ms, the longest seen took about 100 ms on a loaded machine.
 */
const RETRY_PAUSES_MS = [0, 1, 2, 4, 8, 16, 32, 64, 128, 256] as const;

/** Errors that a lookup or a read racing a rename over the name may see although the name exists. */
function isRenameRace(err: unknown): boolean {
  const code = errno(err);
  return code === "ENOENT" || code === "ESTALE";
}

/**
 * Runs `look` (which resolves `undefined` when the name is missing) and, on a miss, decides whether the
 * name is really gone: at once where the file system's lookups never miss a name that a rename is
 * replacing (ext4, btrfs, xfs, tmpfs, overlayfs), else by looking again over a bounded window (see
 * {@link RETRY_PAUSES_MS}). A found name costs nothing more than `look` itself.
 *
 * @throws what `look` throws, except `ENOENT`/`ESTALE` while retries remain; an `ESTALE` that outlasts
 * the window is rethrown (the store maps it to a retryable `JOBSTORE_UNAVAILABLE`).
 */
export async function lookUp<T>(ctx: Ctx, look: () => Promise<T | undefined>): Promise<T | undefined> {
  try {
    const found = await look();
    if (found !== undefined || ctx.fsKind.atomicLookups) return found;
  } catch (err) {
    if (!isRenameRace(err)) throw err;
  }
  return lookAgain(look);
}

async function lookAgain<T>(look: () => Promise<T | undefined>): Promise<T | undefined> {
  let stale: unknown;
  for (const pause of RETRY_PAUSES_MS) {
    await (pause === 0 ? new Promise((resolve) => setImmediate(resolve)) : sleep(pause));
    try {
      const found = await look();
      if (found !== undefined) return found;
      stale = undefined;
    } catch (err) {
      if (!isRenameRace(err)) throw err;
      // A read that keeps failing with ENOENT is a file removed under an open descriptor: gone.
      stale = errno(err) === "ESTALE" ? err : undefined;
    }
  }
  if (stale !== undefined) throw stale;
  return undefined;
}

/**
 * {@link readWhole} of a name that writers replace by rename: never `undefined` because a writer was
 * replacing it (see {@link lookUp}).
 */
export function readReplaced(ctx: Ctx, path: string, hint?: number): Promise<Buffer | undefined> {
  return lookUp(ctx, () => readWhole(ctx.fs, path, hint));
}

/** {@link readPrefix} of a name that writers replace by rename (see {@link readReplaced}). */
export function readReplacedPrefix(ctx: Ctx, path: string, size: number): Promise<Buffer | undefined> {
  return lookUp(ctx, () => readPrefix(ctx.fs, path, size));
}

/** Whether a name that writers replace by rename exists (see {@link readReplaced}). */
export async function replacedExists(ctx: Ctx, path: string): Promise<boolean> {
  const found = await lookUp(ctx, async () => {
    try {
      await ctx.fs.exists(path);
      return true;
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw err;
    }
  });
  return found === true;
}
