import type { CallOptions } from "@jobstore/core";
import { isOutcomeUnknown, type MetadataRecord } from "../metadata/metadata-layer.js";
import type { NamedLayers } from "./layers.js";

/**
 * Records `record` (its new content) with the metadata layer's conditional switch, then deletes the
 * superseded object `supersededKey`. If the switch surely did not happen, the new object is deleted so
 * nothing leaks; if its outcome is unknown, the new object is kept (a record may point at it).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CONCURRENT_MODIFICATION` when another write won the race, and the
 * metadata layer's other codes.
 * @example
 * ```ts
 * await commitContent(layers, fileRecord(fileId, meta, content), undefined, undefined, options);
 * ```
 * @internal
 */
export async function commitContent(
  { content, metadata }: NamedLayers,
  record: MetadataRecord,
  expectedVersion: string | undefined,
  supersededKey: string | undefined,
  options: CallOptions,
): Promise<void> {
  try {
    await metadata.switchContent(record, expectedVersion, options);
  } catch (err) {
    if (!isOutcomeUnknown(err)) await content.discard(record.key);
    throw err;
  }
  if (supersededKey !== undefined && supersededKey !== record.key) await content.discard(supersededKey);
}
