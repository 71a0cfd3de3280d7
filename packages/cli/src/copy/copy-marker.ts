import { isJobStoreError, type JobStore } from "@jobstore/core";

/**
 * The shared file `jobstore copy` keeps in a destination: while it says `in-progress` the destination is
 * an unfinished copy that a re-run resumes; afterwards it records where the copy came from. (Shared
 * files cannot be deleted, so it stays.)
 */
export const COPY_MARKER = "jobstore-copy.json";

/**
 * The content of {@link COPY_MARKER}.
 *
 * @public
 */
export interface CopyMarker {
  /** `in-progress` until every part is copied and verified. */
  state: "in-progress" | "complete";
  /** The workflow ID of the source store. */
  sourceWorkflowId: string;
  /** The source's locator as given. */
  source: string;
  /** When the first attempt started (ISO 8601). */
  startedAt: string;
  /** When the copy was verified complete (ISO 8601). */
  completedAt?: string;
}

/**
 * Reads a store's copy marker; `undefined` when it has none (or one this version cannot read).
 *
 * @example
 * ```ts
 * const marker = await readCopyMarker(destination, signal);
 * if (marker?.state === "in-progress") console.log("an unfinished copy of", marker.source);
 * ```
 * @public
 */
export async function readCopyMarker(store: JobStore, signal: AbortSignal): Promise<CopyMarker | undefined> {
  let text = "";
  try {
    const stream = await store.readSharedFileStream(COPY_MARKER, { signal });
    for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString("utf8");
  } catch (err) {
    if (isJobStoreError(err, "JOBSTORE_NO_SUCH_FILE")) return undefined;
    throw err;
  }
  try {
    const marker = JSON.parse(text) as Partial<CopyMarker>;
    if (typeof marker.sourceWorkflowId !== "string" || typeof marker.state !== "string") return undefined;
    return marker as CopyMarker;
  } catch {
    return undefined;
  }
}

/**
 * Writes (atomically replaces) a store's copy marker, unencrypted.
 *
 * @example
 * ```ts
 * await writeCopyMarker(destination, { state: "in-progress", sourceWorkflowId, source, startedAt }, signal);
 * ```
 * @public
 */
export async function writeCopyMarker(
  store: JobStore,
  marker: CopyMarker,
  signal: AbortSignal,
): Promise<void> {
  await store.writeSharedFileStream(COPY_MARKER, (w) => w.end(JSON.stringify(marker)), {
    encrypted: false,
    signal,
  });
}
