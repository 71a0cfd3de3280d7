import type { Stats } from "node:fs";
import type { StoreContext } from "../context.js";
import { fileError, isMissing } from "../errors.js";
import { readWhole } from "./io.js";
import { HOST_TAG, isAlive, safeName, tempOwner } from "./layout.js";
import { recordHeader } from "./records.js";

// Claims live for the few microseconds between two system calls of a live writer; one this old is a
// dead writer's even when its owner cannot be checked (another host).
const CLAIM_STALE_MS = 30_000;
// A writer gives up after this many dead claims in a row for one successor (never reached in practice).
const MAX_ATTEMPTS = 8;

/** The name of attempt `attempt` at claiming generation `gen` of a file's record. */
export function claimPath(ctx: StoreContext, fileId: string, gen: number, attempt: number): string {
  return `${ctx.layout.claim(fileId, gen)}.${attempt}`;
}

/**
 * Claims the successor `gen` of a file's record by hard-linking the writer's finished temp record to
 * the claim name: `link(2)` fails with `EEXIST` when the name exists, on local file systems and NFS
 * alike, so among writers that read the same version exactly one gets the claim. A claim whose writer
 * is dead (its PID is gone on this host, or it is older than any live claim can be) is skipped, never
 * removed, so two writers can never both think they took over the same dead claim.
 *
 * @returns the claim's path; the caller removes it once the record is switched (or the attempt failed).
 * @throws `JOBSTORE_CONCURRENT_MODIFICATION` when a live writer holds the claim.
 */
export async function claimSuccessor(
  ctx: StoreContext,
  tempRecord: string,
  token: string,
  fileId: string,
  gen: number,
  label: string,
): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const path = claimPath(ctx, fileId, gen, attempt);
    try {
      await ctx.fs.link(tempRecord, path);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    // Over NFS a retransmitted link whose first reply was lost says EEXIST for our own claim.
    if (claimToken(await readWhole(ctx.fs, path)) === token) return path;
    if (!(await isDeadClaim(ctx, path))) break;
  }
  throw fileError(
    "JOBSTORE_CONCURRENT_MODIFICATION",
    `${label} was changed by another write while this one was in progress (${safeName(fileId)} version ${gen - 1})`,
  );
}

function claimToken(bytes: Buffer | undefined): unknown {
  try {
    return bytes ? (recordHeader(bytes) as { token?: unknown }).token : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the claim at `path` was left by a writer that died (or has vanished meanwhile). */
export async function isDeadClaim(ctx: StoreContext, path: string): Promise<boolean> {
  let info: Stats;
  try {
    info = await ctx.fs.stat(path);
  } catch (err) {
    if (isMissing(err)) return false;
    throw err;
  }
  if (Date.now() - info.mtimeMs > CLAIM_STALE_MS) return true;
  // The claim is a hard link of the writer's temp record, which names its writer.
  const bytes = await readWhole(ctx.fs, path);
  if (!bytes) return false;
  try {
    const writer = (recordHeader(bytes) as { writer?: unknown }).writer;
    const owner = typeof writer === "string" ? tempOwner(`${writer}-`) : undefined;
    return owner !== undefined && owner.host === HOST_TAG && !isAlive(owner.pid);
  } catch {
    return false;
  }
}
