import type { JobStore, JobStoreConfig } from "@jobstore/core";

/**
 * The config field `jobstore copy` keeps in a destination while the copy is unfinished: a re-run resumes
 * such a destination. The copy's last write, after verification, replaces the config with the source's
 * own, so a finished copy holds nothing of the copy's. (It lives in the config, not in a shared file of
 * its own, because shared files cannot be deleted.)
 */
export const COPY_MARKER_FIELD = "jobstoreCopy";

/**
 * The shared file earlier versions of `jobstore copy` left in every destination. Never copied onward,
 * never counted by `status`; nothing writes it any more.
 */
export const COPY_MARKER = "jobstore-copy.json";

/**
 * What {@link COPY_MARKER_FIELD} holds while a copy is unfinished.
 *
 * @public
 */
export interface CopyMarker {
  /** The workflow ID of the source store. */
  sourceWorkflowId: string;
  /** The source's locator as given. */
  source: string;
  /** When the first attempt started (ISO 8601). */
  startedAt: string;
}

/**
 * The marker of the unfinished copy an open store is; `undefined` when it is none (or one this version
 * cannot read).
 *
 * @example
 * ```ts
 * const marker = copyMarkerOf(destination);
 * if (marker) console.log("an unfinished copy of", marker.source);
 * ```
 * @public
 */
export function copyMarkerOf(store: JobStore): CopyMarker | undefined {
  const marker = store.config[COPY_MARKER_FIELD] as Partial<CopyMarker> | undefined;
  if (typeof marker !== "object" || marker === null) return undefined;
  if (typeof marker.sourceWorkflowId !== "string" || typeof marker.source !== "string") return undefined;
  return marker as CopyMarker;
}

function replaceConfig(destination: JobStore, config: JobStoreConfig): void {
  const target = destination.config as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, structuredClone(config));
}

/**
 * Gives the destination the source's config: with `marker`, marked as an unfinished copy (one atomic
 * write, so the destination is never the source's workflow without the mark); without it, exactly the
 * source's config, which ends the copy.
 *
 * @example
 * ```ts
 * await writeCopyConfig(destination, source, { sourceWorkflowId, source: "file:./run", startedAt }, signal);
 * ```
 * @public
 */
export async function writeCopyConfig(
  destination: JobStore,
  source: JobStore,
  marker: CopyMarker | undefined,
  signal: AbortSignal,
): Promise<void> {
  replaceConfig(destination, marker ? { ...source.config, [COPY_MARKER_FIELD]: marker } : source.config);
  await destination.writeConfig({ signal });
}
