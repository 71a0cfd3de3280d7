import type { Readable } from "node:stream";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { isOutcomeUnknown, type MetadataRecord, type RecordKind } from "../metadata/metadata-layer.js";

// An update deletes the object it supersedes, so a reader that read the record just before may find the
// object gone; reading the record again finds the new version. Bounded, since each retry costs two requests.
const MAX_RACE_RETRIES = 3;

/**
 * The error for a missing file or shared file.
 *
 * @example
 * ```ts
 * if (!record) throw noSuchFile("s3", `file ${fileId}`);
 * ```
 * @internal
 */
export function noSuchFile(backend: string, label: string, why = "does not exist"): JobStoreError {
  return new JobStoreError("JOBSTORE_NO_SUCH_FILE", `${label} ${why}`, { backend });
}

/**
 * Loads a record that must exist.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE`, and the metadata layer's codes.
 * @example
 * ```ts
 * const record = await requireRecord(ctx, "file", fileId, options, `file ${fileId}`);
 * ```
 * @internal
 */
export async function requireRecord(
  { metadata, name: backend }: StoreContext,
  kind: RecordKind,
  name: string,
  options: CallOptions,
  label: string,
): Promise<MetadataRecord> {
  const record = await metadata.getRecord(kind, name, options);
  if (!record) throw noSuchFile(backend, label);
  return record;
}

/**
 * Opens a record's current content: one consistent record read, then (unless inline) one streaming GET of
 * exactly the recorded version, re-reading the record (bounded) when that version was superseded meanwhile.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` (missing, or content lost), `JOBSTORE_ENCRYPTION`,
 * the layers' codes; `JOBSTORE_CHECKSUM_MISMATCH` later, as a stream error.
 * @example
 * ```ts
 * const { record, stream } = await openRecord(ctx, "file", fileId, options, `file ${fileId}`);
 * ```
 * @internal
 */
export async function openRecord(
  ctx: StoreContext,
  kind: RecordKind,
  name: string,
  options: CallOptions,
  label: string,
): Promise<{ record: MetadataRecord; stream: Readable }> {
  let missingVersion: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const record = await requireRecord(ctx, kind, name, options, label);
    if (record.version === missingVersion || attempt > MAX_RACE_RETRIES) {
      throw noSuchFile(ctx.name, label, `has lost its content (object ${record.key ?? ""} is missing)`);
    }
    const stream = await ctx.content.open(record, options, label);
    if (stream) return { record, stream };
    missingVersion = record.version;
  }
}

/**
 * The content layer's name of a record (the SimpleDB item name of old): the file ID, `shared:<name>`, or
 * `log:<name>`; content keys are derived from it.
 *
 * @example
 * ```ts
 * qualifiedName("shared", "config.json"); // "shared:config.json"
 * ```
 * @internal
 */
export function qualifiedName(kind: RecordKind, name: string): string {
  return kind === "file" ? name : `${kind}:${name}`;
}

/**
 * Records `record` (its new content) with the metadata layer's conditional switch, then deletes the
 * superseded object `supersededKey`. If the switch surely did not happen, the new object is deleted so
 * nothing leaks; if its outcome is unknown, the new object is kept (a record may point at it).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CONCURRENT_MODIFICATION` when another write won the race, and the
 * metadata layer's other codes.
 * @example
 * ```ts
 * await commitContent(ctx, fileRecord(fileId, meta, content), undefined, undefined, options);
 * ```
 * @internal
 */
export async function commitContent(
  { content, metadata }: StoreContext,
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
