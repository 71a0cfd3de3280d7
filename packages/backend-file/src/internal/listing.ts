import { join } from "node:path";
import { type FileInfo, type JobStoreBackend, type SharedFileInfo, throwIfAborted } from "@jobstore/core";
import { isMissing } from "./errors.js";
import type { Ctx } from "./io.js";
import { DIRS } from "./layout.js";
import { type FileRecord, readHeaderText } from "./records.js";

type ListMethods = Pick<JobStoreBackend, "listFiles" | "listSharedFiles">;

// Records are the names without "@" (content versions) and "#" (successor claims). No stored name starts
// with "."; a FUSE daemon's `.fuse_hidden…` files (replaced versions still open somewhere) do.
function isRecordName(name: string): boolean {
  return !name.includes("@") && !name.includes("#") && !name.startsWith(".");
}

async function* records(ctx: Ctx, dir: string, signal: AbortSignal | undefined): AsyncGenerator<FileRecord> {
  let names: string[];
  try {
    names = await ctx.fs.readdir(dir);
  } catch (err) {
    if (isMissing(err)) return;
    throw err;
  }
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

/** `listFiles` and `listSharedFiles`: a walk over the record directories. */
export function listMethods(ctx: Ctx): ListMethods {
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
  };
}
