import { join } from "node:path";
import { type FileInfo, type JobStoreBackend, type SharedFileInfo, throwIfAborted } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { readdirIfThere, readWhole } from "../storage/io.js";
import { DIRS } from "../storage/layout.js";
import { findLeftovers, removeLeftovers } from "../storage/leftovers.js";
import { logNames } from "../storage/log-names.js";
import { type FileRecord, readHeaderText } from "../storage/records.js";

type ListingMethods = Required<
  Pick<JobStoreBackend, "listFiles" | "listSharedFiles" | "listLogs" | "findLeftovers" | "removeLeftovers">
>;

// Records are the names without "@" (content versions) and "#" (successor claims). No stored name starts
// with "."; a FUSE daemon's `.fuse_hidden…` files (replaced versions still open somewhere) do.
function isRecordName(name: string): boolean {
  return !name.includes("@") && !name.includes("#") && !name.startsWith(".");
}

async function* records(
  ctx: StoreContext,
  dir: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<FileRecord> {
  const names = await readdirIfThere(ctx.fs, dir);
  if (!names) return;
  for (const name of names) {
    if (!isRecordName(name)) continue;
    throwIfAborted(signal);
    const header = await readHeaderText(ctx, join(dir, name));
    if (header === undefined) continue; // deleted during the walk
    try {
      const record = JSON.parse(header) as FileRecord;
      if (typeof record.id === "string") yield record;
    } catch {
      // a damaged record is reported by the reads of that file, not by a listing
    }
  }
}

/**
 * The walks over the store: `listFiles` and `listSharedFiles` over the record directories, `listLogs`
 * over both log directories (claiming nothing), and `findLeftovers`/`removeLeftovers` over what crashed
 * writers left (see `storage/leftovers.ts`).
 */
export function listingMethods(ctx: StoreContext): ListingMethods {
  const logs = { read: join(ctx.layout.root, DIRS.read), unread: join(ctx.layout.root, DIRS.unread) };

  return {
    listFiles(options) {
      return {
        async *[Symbol.asyncIterator]() {
          for await (const record of records(ctx, join(ctx.layout.root, DIRS.files), options.signal)) {
            const info: FileInfo = {
              fileId: record.id,
              cleanup: record.cleanup,
              executable: record.executable,
              size: record.size,
              encrypted: record.encrypted,
              ...(record.sha256 !== undefined ? { sha256: record.sha256 } : {}),
              ...(record.jobId !== undefined ? { jobId: record.jobId } : {}),
              ...(record.basename !== undefined ? { basename: record.basename } : {}),
            };
            yield info;
          }
        },
      };
    },

    listSharedFiles(options) {
      return {
        async *[Symbol.asyncIterator]() {
          for await (const record of records(ctx, join(ctx.layout.root, DIRS.shared), options.signal)) {
            const info: SharedFileInfo = {
              name: record.id,
              size: record.size,
              encrypted: record.encrypted,
              ...(record.sha256 !== undefined ? { sha256: record.sha256 } : {}),
            };
            yield info;
          }
        },
      };
    },

    listLogs(options) {
      return {
        async *[Symbol.asyncIterator]() {
          const all = [
            ...(await logNames(ctx, logs.read)).map((name) => ({ name, read: true })),
            ...(await logNames(ctx, logs.unread)).map((name) => ({ name, read: false })),
          ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
          for (const entry of all) {
            throwIfAborted(options.signal);
            const bytes = await readWhole(ctx.fs, join(entry.read ? logs.read : logs.unread, entry.name));
            if (bytes) yield { message: bytes, read: entry.read };
          }
        },
      };
    },

    findLeftovers(options) {
      return {
        [Symbol.asyncIterator]: () => findLeftovers(ctx, options.signal),
      };
    },

    removeLeftovers: (leftovers, options) => removeLeftovers(ctx, leftovers, options.signal),
  };
}
