import type { FileInfo, JobStoreBackend, Leftover, SharedFileInfo } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import type { RecordKind } from "../metadata/metadata-layer.js";
import { orderedLogs, readLogMessage } from "./log-messages.js";

type ListingMethods = Pick<
  JobStoreBackend,
  "listFiles" | "listSharedFiles" | "listLogs" | "findLeftovers" | "removeLeftovers"
>;

// Objects and uploads younger than this may belong to a write still in progress (the default of the
// `leftoverAgeMs` option).
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
const KINDS: readonly RecordKind[] = ["file", "shared", "log"];

/**
 * Listing and leftovers: files and shared files from the metadata layer's consistent listing (metadata
 * only, no content read); log messages in write order with their content, marking nothing read; leftovers
 * from the content layer, with every recorded key as "referenced".
 *
 * @remarks `findLeftovers` reports multipart uploads older than the context's `leftoverAgeMs` (default an hour; and any
 * this handle failed to abort) and `files/` objects as old that no record points at; a write that takes
 * longer than that between uploading and recording its content would be reported too, so run it on a
 * quiet store.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`;
 * `listLogs` also `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ENCRYPTION`.
 * @example
 * ```ts
 * for await (const file of listingMethods(ctx).listFiles({})) console.log(file.fileId, file.size);
 * ```
 * @internal
 */
export function listingMethods(ctx: StoreContext): Required<ListingMethods> {
  const { content, metadata } = ctx;
  const leftoverAgeMs = ctx.leftoverAgeMs ?? LEFTOVER_AGE_MS;
  return {
    async *listFiles(options) {
      for await (const record of metadata.listRecords("file", {}, options)) {
        const info: FileInfo = {
          fileId: record.name,
          cleanup: record.cleanup,
          executable: record.executable,
          size: record.size,
          encrypted: record.encrypted,
          sha256: record.checksum,
        };
        if (record.owner !== undefined) info.jobId = record.owner;
        if (record.basename !== undefined) info.basename = record.basename;
        yield info;
      }
    },

    async *listSharedFiles(options) {
      for await (const record of metadata.listRecords("shared", {}, options)) {
        const info: SharedFileInfo = {
          name: record.name,
          size: record.size,
          encrypted: record.encrypted,
          sha256: record.checksum,
        };
        yield info;
      }
    },

    async *listLogs(options) {
      for (const record of await orderedLogs(ctx, false, options)) {
        const message = await readLogMessage(ctx, record, options);
        if (message !== undefined) yield { message, read: record.read };
      }
    },

    async *findLeftovers(options): AsyncIterable<Leftover> {
      const olderThan = new Date(Date.now() - leftoverAgeMs);
      const referenced = new Set<string>();
      for (const kind of KINDS) {
        for await (const record of metadata.listRecords(kind, {}, options)) {
          if (record.key !== undefined) referenced.add(record.key);
        }
      }
      yield* content.findLeftovers((key) => referenced.has(key), olderThan, options);
    },

    removeLeftovers: (leftovers, options) => content.removeLeftovers(leftovers, options),
  };
}
