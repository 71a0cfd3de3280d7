import type { CallOptions, Leftover } from "@jobstore/core";
import { toJobStoreError } from "../errors.js";
import { deleteObjects } from "./container-cleanup.js";
import type { ContentConfig } from "./content-config.js";
import { multipartLeftoverId } from "./content-writer.js";

/** Key prefixes of content this layer writes (`files/` content versions, `jobs/` overlarge jobs). */
export const CONTENT_PREFIXES = ["files/", "jobs/"] as const;

/**
 * Incomplete uploads under the content prefixes started before `olderThan`, plus those this
 * handle failed to abort; then `files/` objects older than `olderThan` that no record references.
 *
 * @remarks Objects under `jobs/` are left alone: only the metadata layer knows which job versions are
 * current. The age threshold keeps uploads and objects of writes still in progress out of the report.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * for await (const leftover of findContentLeftovers(cfg, (key) => keys.has(key), hourAgo, {})) report(leftover);
 * ```
 * @internal
 */
export async function* findContentLeftovers(
  cfg: ContentConfig,
  isReferenced: (key: string) => boolean,
  olderThan: Date,
  options: CallOptions,
): AsyncIterable<Leftover> {
  const seen = new Set<string>();
  for (const leftover of cfg.unaborted.values()) {
    seen.add(leftover.id);
    yield leftover;
  }
  try {
    for (const prefix of CONTENT_PREFIXES) {
      for await (const page of cfg.objects.listUploads(prefix, options)) {
        for (const upload of page) {
          if (!upload.initiated || upload.initiated >= olderThan) continue;
          const id = multipartLeftoverId(upload.key, upload.uploadId);
          if (!seen.has(id)) yield { kind: "multipart-upload", id, createdAt: upload.initiated };
        }
      }
    }
    for await (const page of cfg.objects.list("files/", options)) {
      for (const object of page) {
        if (!object.lastModified || object.lastModified >= olderThan) continue;
        if (isReferenced(object.key)) continue;
        yield { kind: "orphan-content", id: object.key, size: object.size, createdAt: object.lastModified };
      }
    }
  } catch (err) {
    throw toJobStoreError(err, `find leftovers in ${cfg.objects.container}`, cfg.backend);
  }
}

/**
 * Aborts reported incomplete uploads and deletes reported orphan content; other kinds are ignored.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await removeContentLeftovers(cfg, leftovers, {});
 * ```
 * @internal
 */
export async function removeContentLeftovers(
  cfg: ContentConfig,
  leftovers: readonly Leftover[],
  options: CallOptions,
): Promise<void> {
  const orphans: string[] = [];
  for (const leftover of leftovers) {
    if (leftover.kind === "orphan-content") orphans.push(leftover.id);
    if (leftover.kind !== "multipart-upload") continue;
    const [key, uploadId] = JSON.parse(leftover.id) as [string, string];
    try {
      await cfg.objects.abortUpload(key, uploadId, options);
    } catch (err) {
      throw toJobStoreError(err, `abort upload ${uploadId} of ${key}`, cfg.backend);
    }
    cfg.unaborted.delete(leftover.id);
  }
  try {
    await deleteObjects(cfg, orphans, options);
  } catch (err) {
    throw toJobStoreError(err, `delete ${orphans.length} orphan objects`, cfg.backend);
  }
}
