import type { StoreContext } from "../context.js";
import { errno, fileError } from "../errors.js";
import { removeQuietly, writeTemp } from "./io.js";

/** What the store learnt about the file system under its directory when it was opened. */
export interface FileSystemKind {
  /**
   * A lookup never misses a name while a `rename(2)` replaces it, so a miss is final. `false` until the
   * store is opened, and wherever the file system is not known to be local (FUSE, NFS, Lustre, …).
   */
  atomicLookups: boolean;
}

/**
 * Local kernel file systems (`statfs` `f_type`), where `rename(2)` replaces a name atomically for every
 * lookup and hard links work: nothing is probed or retried on them.
 */
const LOCAL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0xef53, "ext2/3/4"],
  [0x9123683e, "btrfs"],
  [0x58465342, "xfs"],
  [0x01021994, "tmpfs"],
  [0x794c7630, "overlayfs"],
]);

// What link(2) says where the file system has no hard links (vfat, exFAT, some FUSE and SMB mounts).
const NO_LINKS = new Set(["EPERM", "EOPNOTSUPP", "ENOTSUP", "ENOSYS"]);

/** Whether `err` from `link(2)` of the store's own fresh file means the file system has no hard links. */
export function lacksHardLinks(err: unknown): boolean {
  return NO_LINKS.has(errno(err) ?? "");
}

/** `JOBSTORE_NOT_SUPPORTED` for a store directory on a file system without hard links. */
export function noHardLinksError(root: string, cause: unknown) {
  return fileError(
    "JOBSTORE_NOT_SUPPORTED",
    `file:${root}: the file system does not support hard links (link(2) failed with ${errno(cause)}); ` +
      "the store needs them for its exclusive claims of new versions",
    cause,
  );
}

/**
 * Looks at the file system under the store's directory (one `statfs`) and records in `ctx.fsKind`
 * whether a missing name is final there. On a file system not known to be local, with `probeLinks`,
 * also checks that `link(2)` works, on a file of its own in the store's temp directory.
 *
 * @throws `JOBSTORE_NOT_SUPPORTED` naming the path and `link(2)` when the file system has no hard links.
 */
export async function learnFileSystem(ctx: StoreContext, probeLinks: boolean): Promise<void> {
  let type: number | undefined;
  try {
    type = (await ctx.fs.statfs(ctx.layout.root)).type;
  } catch {
    type = undefined; // unknown: treated as the cautious kind
  }
  const local = type !== undefined && LOCAL_FILE_SYSTEMS.has(type);
  ctx.fsKind.atomicLookups = local;
  if (local || !probeLinks) return;
  // Another process's resume may reclaim the probe file before it is linked (with `leftoverAgeMs: 0`
  // any temp file is fair game): that says nothing about links, so the probe is made again.
  for (let attempt = 0; attempt < PROBE_ATTEMPTS; attempt++) {
    if ((await probeLink(ctx)) !== "vanished") return;
  }
}

const PROBE_ATTEMPTS = 3;

/** Links a fresh temp file to a second name: `"ok"`, or `"vanished"` when the file was removed first. */
async function probeLink(ctx: StoreContext): Promise<"ok" | "vanished"> {
  let temp: string;
  try {
    temp = await writeTemp(ctx, Buffer.from("link probe\n"));
  } catch {
    return "ok"; // a read-only mount, say: nothing will be written, so no claim will be needed either
  }
  const link = `${temp}.link`;
  try {
    await ctx.fs.link(temp, link);
    return "ok";
  } catch (err) {
    if (lacksHardLinks(err)) throw noHardLinksError(ctx.layout.root, err);
    if (errno(err) === "ENOENT") return "vanished";
    throw err;
  } finally {
    await removeQuietly(ctx.fs, link);
    await removeQuietly(ctx.fs, temp);
  }
}
