import type { Readable } from "node:stream";
import type { CallOptions } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import type { MetadataRecord } from "../metadata/metadata-layer.js";

/**
 * Reads a whole verified stream into memory (log messages only: they are small).
 *
 * @throws {@link @jobstore/core!JobStoreError} the stream's error, e.g. `JOBSTORE_CHECKSUM_MISMATCH`.
 * @example
 * ```ts
 * const message = await collect(stream);
 * ```
 * @internal
 */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The log message records (all, or only the unread ones) in name (write) order, listed (consistent,
 * paged) into a map keyed by name first, so no message comes twice (Toil's `readAll` bug).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * for (const record of await orderedLogs(ctx, true, options)) console.log(record.name);
 * ```
 * @internal
 */
export async function orderedLogs(
  { metadata }: StoreContext,
  unreadOnly: boolean,
  options: CallOptions,
): Promise<MetadataRecord[]> {
  const records = new Map<string, MetadataRecord>();
  for await (const record of metadata.listRecords("log", { unreadOnly }, options)) {
    records.set(record.name, record);
  }
  return [...records.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * One log message's bytes, or `undefined` when its content is gone.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ENCRYPTION`, the content layer's codes.
 * @example
 * ```ts
 * const message = await readLogMessage(ctx, record, options);
 * ```
 * @internal
 */
export async function readLogMessage(
  { content }: StoreContext,
  record: MetadataRecord,
  options: CallOptions,
): Promise<Buffer | undefined> {
  const stream = await content.open(record, options, `log message ${record.name}`);
  // Content gone means the message was never completed or the store is being destroyed: skip it.
  return stream ? collect(stream) : undefined;
}
