import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { type FileId, type FileInfo, forEachLimited, type JobStore } from "@jobstore/core";
import type { CopyContext, CopyCount } from "./copy-context.js";
import { hashingTap, sha256OfStream } from "./hash.js";

/** Files copied at once: enough to hide a remote store's latency, few enough for two cores. */
const FILE_CONCURRENCY = 4;

/**
 * The SHA-256 of a file: the one its store records, or (when it records none) that of a fresh read,
 * which the store verifies against its own checksum as it reads.
 *
 * @example
 * ```ts
 * const digest = await fileSha256(store, info, signal);
 * ```
 * @public
 */
export async function fileSha256(store: JobStore, info: FileInfo, signal: AbortSignal): Promise<string> {
  return info.sha256 ?? sha256OfStream(await store.readFileStream(info.fileId, { signal }));
}

function sameMeta(a: FileInfo, b: FileInfo): boolean {
  return (
    a.size === b.size &&
    (a.jobId ?? null) === (b.jobId ?? null) &&
    a.cleanup === b.cleanup &&
    a.executable === b.executable
  );
}

async function alreadyCopied(c: CopyContext, info: FileInfo, there: FileInfo): Promise<string | undefined> {
  if (!sameMeta(info, there)) return undefined;
  const [want, have] = await Promise.all([
    fileSha256(c.source, info, c.signal),
    fileSha256(c.destination, there, c.signal),
  ]);
  return want === have ? want : undefined;
}

async function copyOne(c: CopyContext, info: FileInfo): Promise<string> {
  const hash = createHash("sha256");
  const input = await c.source.readFileStream(info.fileId, { signal: c.signal });
  let moved = 0;
  const tap = hashingTap(hash, (bytes) => {
    moved += bytes;
    c.progress.bytesDone += bytes;
    c.changed();
  });
  try {
    await c.destination.restoreFileStream(info.fileId, (writable) => pipeline(input, tap, writable), {
      ...(info.jobId === undefined ? {} : { jobId: info.jobId }),
      cleanup: info.cleanup,
      executable: info.executable,
      ...(info.basename === undefined ? {} : { basename: info.basename }),
      signal: c.signal,
    });
  } catch (err) {
    c.progress.bytesDone -= moved;
    throw err;
  } finally {
    input.destroy();
  }
  return hash.digest("hex");
}

/**
 * Copies every source file into the destination under the same ID with the same metadata, skipping
 * those a previous run copied (same metadata and SHA-256) and replacing any that differ.
 *
 * @returns the counts, and the SHA-256 of every source file (what the verification compares against).
 * @example
 * ```ts
 * const { count, digests } = await copyFiles(c, sourceFiles, destinationFilesById);
 * ```
 * @public
 */
export async function copyFiles(
  c: CopyContext,
  files: readonly FileInfo[],
  existing: ReadonlyMap<FileId, FileInfo>,
): Promise<{ count: CopyCount; digests: Map<FileId, string> }> {
  const count: CopyCount = { copied: 0, skipped: 0 };
  const digests = new Map<FileId, string>();
  await forEachLimited(files, FILE_CONCURRENCY, async (info) => {
    const there = existing.get(info.fileId);
    const kept = there && (await alreadyCopied(c, info, there));
    if (kept) {
      digests.set(info.fileId, kept);
      c.progress.bytesDone += info.size;
      count.skipped += 1;
    } else {
      if (there) await c.destination.deleteFile(info.fileId, { signal: c.signal });
      digests.set(info.fileId, await copyOne(c, info));
      count.copied += 1;
    }
    c.progress.filesDone += 1;
    c.changed();
  });
  return { count, digests };
}
