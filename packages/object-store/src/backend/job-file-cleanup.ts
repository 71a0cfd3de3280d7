import type { CallOptions } from "@jobstore/core";
import type { NamedLayers } from "./layers.js";

/**
 * Deletes every file written for `jobId` with `cleanup` (the cascade of `deleteJob`): one consistent,
 * paged listing of their records, bulk record deletes (25 a request on `aws:`), then S3 DeleteObjects
 * 1000 keys a request — about 1 + n/25 + n/1000 requests for n files.
 *
 * @remarks Records go before objects, so a crash in between leaks S3 objects (reported by
 * `findLeftovers`, removed by `destroy`) rather than leaving records whose content is gone. Idempotent.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await deleteJobFiles(layers, job.jobStoreId, options);
 * ```
 * @internal
 */
export async function deleteJobFiles(
  { content, metadata }: NamedLayers,
  jobId: string,
  options: CallOptions,
): Promise<void> {
  const names: string[] = [];
  const keys: string[] = [];
  for await (const record of metadata.listRecords("file", { cleanupOf: jobId }, options)) {
    names.push(record.name);
    if (record.key !== undefined) keys.push(record.key);
  }
  await metadata.deleteRecords("file", names, options);
  await content.deleteObjects(keys, options);
}
