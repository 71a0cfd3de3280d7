import { basename, dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { StoreContext } from "../context.js";
import { errno, isMissing } from "../errors.js";
import { readdirIfThere, readPrefix, readWhole } from "./io.js";

/**
 * The pauses (ms) between looks at a name that lookups miss while its directory lists it, doubling up to
 * the last, which repeats. Through a bindfs passthrough with four writers racing, most such gaps closed
 * within 1 ms; on a loaded machine some lasted over 300 ms, so a fixed window of half a second was not
 * enough (a CI run saw a false "no such job").
 */
const RETRY_PAUSES_MS = [1, 2, 4, 8, 16, 32, 64, 100] as const;

/**
 * How long a listed name may keep failing lookups before the read fails as the storage's fault
 * (retryable `JOBSTORE_UNAVAILABLE`), never as a missing name: the directory says it exists.
 */
const LISTED_WINDOW_MS = 5000;

/**
 * How long a name missing from the listing, while a libfuse hidden file is listed beside it, is waited
 * for: that hides a two-step replacement only between its two renames.
 */
const HIDDEN_WINDOW_MS = 500;

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
 * or `ENOENT` from a FUSE daemon), or a daemon's two-step replacement. There the directory decides: a
 * rename never removes a name from the listing (it replaces the entry), so a name that is not listed, with
 * no replacement of libfuse in flight, is gone; a listed one is looked up again, and listed again after
 * every longer pause, until it is found or leaves the listing. A found name costs `look` alone; a missing
 * one costs one more lookup and one listing there.
 *
 * @throws what `look` throws, except `ENOENT`/`ESTALE` while the name is listed; a name still listed
 * but never found within {@link LISTED_WINDOW_MS} rejects with an `EIO` that says so (the store maps it
 * to a retryable `JOBSTORE_UNAVAILABLE`: the storage failed, the name is not missing).
 */
export async function lookUp<T>(
  ctx: StoreContext,
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
  ctx: StoreContext,
  path: string,
  look: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const started = Date.now();
  let lastError: unknown; // the last lookup's ENOENT/ESTALE, for the error's cause
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) await sleep(pauseBefore(attempt));
    try {
      const found = await look();
      if (found !== undefined) return found;
      lastError = undefined;
    } catch (err) {
      if (!isRenameRace(err)) throw err;
      lastError = err;
    }
    // Listed again on the first miss and after every pause long enough to dwarf a listing.
    if (attempt > 0 && pauseBefore(attempt) < RETRY_PAUSES_MS.at(-1)!) continue;
    const listing = await listingOf(ctx, path);
    const waited = Date.now() - started;
    if (listing === "absent" || (listing === "hidden" && waited > HIDDEN_WINDOW_MS)) return undefined;
    if (waited > LISTED_WINDOW_MS) throw stillListedError(path, waited, lastError);
  }
}

function pauseBefore(attempt: number): number {
  return RETRY_PAUSES_MS[Math.min(attempt, RETRY_PAUSES_MS.length) - 1]!;
}

function stillListedError(path: string, waited: number, cause: unknown): NodeJS.ErrnoException {
  const message = `${path} is listed in its directory but every lookup missed it for ${waited} ms`;
  // EIO, not the lookup's own ENOENT: the store would take that for its directory being gone.
  return Object.assign(new Error(message, { cause }), { code: "EIO", path });
}

/**
 * Whether `path` is listed in its directory (`"listed"`), missing while a libfuse two-step replacement may
 * be hiding it (`"hidden"`), or gone (`"absent"`, also when the directory is).
 */
async function listingOf(ctx: StoreContext, path: string): Promise<"listed" | "hidden" | "absent"> {
  const names = await readdirIfThere(ctx.fs, dirname(path));
  if (!names) return "absent";
  const name = basename(path);
  if (names.includes(name)) return "listed";
  return names.some((entry) => entry.startsWith(FUSE_HIDDEN)) ? "hidden" : "absent";
}

/**
 * {@link readWhole} of a name that writers replace by rename: never `undefined` because a writer was
 * replacing it (see {@link lookUp}; spelled out here so the found case costs no extra call).
 */
export async function readReplaced(
  ctx: StoreContext,
  path: string,
  hint?: number,
): Promise<Buffer | undefined> {
  try {
    const bytes = await readWhole(ctx.fs, path, hint);
    if (bytes !== undefined || ctx.fsKind.atomicLookups) return bytes;
  } catch (err) {
    if (!isRenameRace(err)) throw err;
  }
  return lookAgain(ctx, path, () => readWhole(ctx.fs, path, hint));
}

/** {@link readPrefix} of a name that writers replace by rename (see {@link readReplaced}). */
export function readReplacedPrefix(
  ctx: StoreContext,
  path: string,
  size: number,
): Promise<Buffer | undefined> {
  return lookUp(ctx, path, () => readPrefix(ctx.fs, path, size));
}

async function existsOnce(ctx: StoreContext, path: string): Promise<true | undefined> {
  try {
    return (await ctx.fs.present(path)) || undefined;
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/** Whether a name that writers replace by rename exists (see {@link readReplaced}). */
export async function replacedExists(ctx: StoreContext, path: string): Promise<boolean> {
  if (await existsOnce(ctx, path)) return true;
  if (ctx.fsKind.atomicLookups) return false;
  return (await lookAgain(ctx, path, () => existsOnce(ctx, path))) === true;
}
