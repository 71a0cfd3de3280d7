import type { Stats } from "node:fs";
import { join } from "node:path";
import { type Leftover, throwIfAborted } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { fileError, isMissing } from "../errors.js";
import { isDeadClaim } from "./claims.js";
import { readdirIfThere, removeQuietly } from "./io.js";
import { DIRS, HOST_TAG, isAlive, tempOwner } from "./layout.js";
import { readReplaced } from "./lookup.js";
import { recordHeader } from "./records.js";

const KINDS: Record<string, RegExp> = {
  "temp-file": /^tmp\/[^/]+$/,
  "stale-claim": /^files\/[^/]+#\d+\.\d+$/,
  "orphan-content": /^(content\/[^/]+|cleanup\/[^/]+\/[^/]+|shared\/[^/]+)@[0-9a-f]{32}$/,
};

async function list(ctx: StoreContext, dir: string): Promise<string[]> {
  return (await readdirIfThere(ctx.fs, join(ctx.layout.root, dir))) ?? [];
}

async function statOf(ctx: StoreContext, id: string): Promise<Stats | undefined> {
  try {
    return await ctx.fs.stat(join(ctx.layout.root, id));
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

function leftover(kind: string, id: string, info: Stats): Leftover {
  return { kind, id, size: info.size, createdAt: info.mtime };
}

/** Whether a temp file belongs to a process that is gone (this host) or is older than any write lasts. */
function isAbandonedTemp(ctx: StoreContext, name: string, info: Stats): boolean {
  const owner = tempOwner(name);
  if (owner && owner.host === HOST_TAG && !isAlive(owner.pid)) return true;
  return Date.now() - info.mtimeMs > ctx.leftoverAgeMs;
}

/** Removes the temp files of dead processes of this host (and any too old to be in use): run on resume. */
export async function reclaimTempFiles(ctx: StoreContext): Promise<void> {
  for (const name of await list(ctx, DIRS.tmp)) {
    const info = await statOf(ctx, `${DIRS.tmp}/${name}`);
    if (info && isAbandonedTemp(ctx, name, info)) await removeQuietly(ctx.fs, join(ctx.layout.tmp, name));
  }
}

/** Whether the content version `id` (`<dir>/<name>@<token>`) is named by no record. */
async function isOrphan(ctx: StoreContext, id: string): Promise<boolean> {
  const at = id.lastIndexOf("@");
  const slash = id.lastIndexOf("/", at);
  const name = id.slice(slash + 1, at);
  const token = id.slice(at + 1);
  const recordDir = id.startsWith(`${DIRS.shared}/`) ? DIRS.shared : DIRS.files;
  // A record being replaced must not make its content look orphaned.
  const bytes = await readReplaced(ctx, join(ctx.layout.root, recordDir, name));
  if (!bytes) return true;
  try {
    return (recordHeader(bytes) as { token?: unknown }).token !== token;
  } catch {
    return false; // a damaged record: keep what it may have named
  }
}

async function* contentVersions(ctx: StoreContext): AsyncGenerator<string> {
  for (const name of await list(ctx, DIRS.content)) yield `${DIRS.content}/${name}`;
  for (const name of await list(ctx, DIRS.shared)) if (name.includes("@")) yield `${DIRS.shared}/${name}`;
  for (const job of await list(ctx, DIRS.cleanup)) {
    for (const name of await list(ctx, `${DIRS.cleanup}/${job}`)) yield `${DIRS.cleanup}/${job}/${name}`;
  }
}

/**
 * What crashes left: temp files of dead writers (or old ones), successor claims of dead writers, and
 * content versions no record names (a writer died between placing content and switching the record),
 * the last only once older than `leftoverAgeMs`, since a live writer holds one for a moment.
 */
export async function* findLeftovers(
  ctx: StoreContext,
  signal: AbortSignal | undefined,
): AsyncGenerator<Leftover> {
  for (const name of await list(ctx, DIRS.tmp)) {
    throwIfAborted(signal);
    const id = `${DIRS.tmp}/${name}`;
    const info = await statOf(ctx, id);
    if (info && isAbandonedTemp(ctx, name, info)) yield leftover("temp-file", id, info);
  }
  for (const name of await list(ctx, DIRS.files)) {
    if (!name.includes("#")) continue;
    throwIfAborted(signal);
    const id = `${DIRS.files}/${name}`;
    const info = await statOf(ctx, id);
    if (info && (await isDeadClaim(ctx, join(ctx.layout.root, id)))) yield leftover("stale-claim", id, info);
  }
  for await (const id of contentVersions(ctx)) {
    throwIfAborted(signal);
    const info = await statOf(ctx, id);
    if (!info || Date.now() - info.mtimeMs <= ctx.leftoverAgeMs) continue;
    if (await isOrphan(ctx, id)) yield leftover("orphan-content", id, info);
  }
}

/**
 * Removes leftovers {@link findLeftovers} reported; an orphan that a record names again by now is kept.
 *
 * @throws `JOBSTORE_INVALID_NAME` for anything `findLeftovers` cannot report.
 */
export async function removeLeftovers(
  ctx: StoreContext,
  leftovers: readonly Leftover[],
  signal: AbortSignal | undefined,
): Promise<void> {
  for (const item of leftovers) {
    throwIfAborted(signal);
    const pattern = KINDS[item.kind];
    // Only what findLeftovers can report, and never a path with a ".." segment.
    if (!pattern?.test(item.id) || item.id.split("/").some((part) => part === ".." || part === ".")) {
      throw fileError(
        "JOBSTORE_INVALID_NAME",
        `not a leftover of this backend: ${item.kind} ${JSON.stringify(item.id)}`,
      );
    }
    if (item.kind === "orphan-content" && !(await isOrphan(ctx, item.id))) continue;
    await removeQuietly(ctx.fs, join(ctx.layout.root, item.id));
  }
}
