import type { CallOptions } from "@jobstore/core";
import { isObjectStoreError } from "../object-store-error.js";
import type { ContentConfig } from "./content-config.js";

/**
 * Deletes objects of the store's container, the store's `deleteBatchSize` keys per request. Missing keys
 * (and a missing container) are not errors.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_UNAVAILABLE` when the service could not delete some;
 * `JOBSTORE_ABORTED`.
 * @example
 * ```ts
 * await deleteObjects(cfg, ["files/a/v1", "files/b/v2"], {});
 * ```
 * @internal
 */
export async function deleteObjects(
  cfg: ContentConfig,
  keys: readonly string[],
  options: CallOptions,
): Promise<void> {
  try {
    await cfg.objects.deleteMany(keys, options);
  } catch (err) {
    if (isObjectStoreError(err, "no-container")) return;
    throw err;
  }
}

/**
 * Empties the container for `destroy`: aborts every incomplete upload (so that none completes into an
 * emptied container), then lists a page of keys at a time and deletes them in batches; with
 * `removeContainer`, deletes the container too.
 *
 * @remarks Idempotent: a missing container, an upload that is already gone, or keys deleted meanwhile are
 * fine, and a failed run can simply be run again. On S3: ListMultipartUploads + AbortMultipartUpload per
 * upload, then ListObjectsV2 + DeleteObjects per 1000 keys, then DeleteBucket.
 * @throws {@link ObjectStoreError}s other than `"no-container"`, unmapped.
 * @example
 * ```ts
 * await emptyContainer(cfg, {}, true);
 * ```
 * @internal
 */
export async function emptyContainer(
  cfg: ContentConfig,
  options: CallOptions,
  removeContainer = false,
): Promise<void> {
  const { objects } = cfg;
  try {
    for await (const page of objects.listUploads("", options)) {
      for (const upload of page) await objects.abortUpload(upload.key, upload.uploadId, options);
    }
    for await (const page of objects.list("", options)) {
      await objects.deleteMany(
        page.map((object) => object.key),
        options,
      );
    }
    if (removeContainer) await objects.destroyContainer(options);
  } catch (err) {
    if (isObjectStoreError(err, "no-container")) return;
    throw err;
  }
}
