import { createHash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import type { JobStore, SharedFileInfo } from "@jobstore/core";
import type { CopyContext, CopyCount } from "./copy-context.js";
import { COPY_MARKER } from "./copy-marker.js";
import { hashingTap, sha256OfStream } from "./hash.js";

/**
 * Shared files the copy does not move byte for byte: the config (written through `writeConfig`, so the
 * destination's store keeps its own format) and the marker earlier versions of the copy left behind.
 */
const NOT_COPIED = new Set(["config.json", COPY_MARKER]);

/**
 * Whether `jobstore copy` moves this shared file as bytes (all but `config.json` and its marker).
 *
 * @example
 * ```ts
 * copiedSharedName("rootJobStoreID"); // true
 * ```
 * @public
 */
export function copiedSharedName(name: string): boolean {
  return !NOT_COPIED.has(name);
}

/**
 * The SHA-256 of a shared file: the recorded one, or that of a fresh read.
 *
 * @example
 * ```ts
 * const digest = await sharedSha256(store, info, signal);
 * ```
 * @public
 */
export async function sharedSha256(
  store: JobStore,
  info: SharedFileInfo,
  signal: AbortSignal,
): Promise<string> {
  return info.sha256 ?? sha256OfStream(await store.readSharedFileStream(info.name, { signal }));
}

/**
 * Copies the source's shared files (encrypted ones stay encrypted) except those a previous run copied.
 *
 * @returns the counts and the SHA-256 of every copied name.
 * @example
 * ```ts
 * await copySharedFiles(c, sourceShared, destinationSharedByName);
 * ```
 * @public
 */
export async function copySharedFiles(
  c: CopyContext,
  shared: readonly SharedFileInfo[],
  existing: ReadonlyMap<string, SharedFileInfo>,
): Promise<{ count: CopyCount; digests: Map<string, string> }> {
  const count: CopyCount = { copied: 0, skipped: 0 };
  const digests = new Map<string, string>();
  for (const info of shared.filter((s) => copiedSharedName(s.name))) {
    const there = existing.get(info.name);
    const want = await sharedSha256(c.source, info, c.signal);
    digests.set(info.name, want);
    if (there && there.size === info.size && (await sharedSha256(c.destination, there, c.signal)) === want) {
      count.skipped += 1;
    } else {
      const input = await c.source.readSharedFileStream(info.name, { signal: c.signal });
      const hash = createHash("sha256");
      try {
        await c.destination.writeSharedFileStream(
          info.name,
          (w) =>
            pipeline(
              input,
              hashingTap(hash, () => {}),
              w,
            ),
          { encrypted: info.encrypted, signal: c.signal },
        );
      } finally {
        input.destroy();
      }
      // The source may have changed since it was listed: the bytes that moved are what counts.
      digests.set(info.name, hash.digest("hex"));
      count.copied += 1;
    }
    c.progress.bytesDone += info.size;
    c.changed();
  }
  return { count, digests };
}
