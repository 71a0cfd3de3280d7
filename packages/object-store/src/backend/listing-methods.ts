import type { FileInfo, JobStoreBackend, Leftover, SharedFileInfo } from "@jobstore/core";
import type { RecordKind } from "../metadata/metadata-layer.js";
import type { NamedLayers } from "./layers.js";

type ListingMethods = Pick<
  JobStoreBackend,
  "listFiles" | "listSharedFiles" | "findLeftovers" | "removeLeftovers"
>;

// Objects and uploads younger than this may belong to a write still in progress (the default of the
// `leftoverAgeMs` option).
const LEFTOVER_AGE_MS = 60 * 60 * 1000;
const KINDS: readonly RecordKind[] = ["file", "shared", "log"];

/**
 * Listing and leftovers: files and shared files from the metadata layer's consistent listing (metadata
 * only, no content read); leftovers from the content layer, with every recorded key as "referenced".
 *
 * @remarks `findLeftovers` reports multipart uploads older than `leftoverAgeMs` (default an hour; and any
 * this handle failed to abort) and `files/` objects as old that no record points at; a write that takes
 * longer than that between uploading and recording its content would be reported too, so run it on a
 * quiet store.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * for await (const file of createListingMethods(layers).listFiles({})) console.log(file.fileId, file.size);
 * ```
 * @internal
 */
export function createListingMethods(
  layers: NamedLayers,
  leftoverAgeMs = LEFTOVER_AGE_MS,
): Required<ListingMethods> {
  const { content, metadata } = layers;
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
