import { randomUUID } from "node:crypto";
import type { ObjectStore } from "../../object-store.js";
import type { MetadataLayer } from "../metadata-layer.js";
import { EtagCache } from "./etag-cache.js";
import { createJobObjects } from "./jobs.js";
import { mappedObjects } from "./mapped-objects.js";
import { MAX_ID_BYTES, MAX_SHARED_NAME_BYTES, newGroupedFileId } from "./object-keys.js";
import { createRecordListing } from "./record-listing.js";
import { createRecordObjects } from "./records.js";
import { createStoreRegistry } from "./registry.js";
import type { StoreMarker } from "./store-marker.js";

/** Content of at most this many plaintext bytes is kept in the record object (as on `aws:`). */
const INLINE_CONTENT_BYTES = 256;

/**
 * Options of {@link createObjectMetadataLayer}.
 *
 * @public
 */
export interface ObjectMetadataOptions {
  /** The backend's name in errors and messages (e.g. `"s3"`). */
  backend: string;
  /** Close the object store with the layer (default false: the content layer closes it). */
  closeObjectStore?: boolean | undefined;
}

/**
 * The metadata layer over an {@link ObjectStore} (that of `s3:`): the registry, jobs, and file,
 * shared-file and log records as objects under `meta/` in the store's container. Every record write is
 * a conditional put (create only if absent, replace only if the tag read still matches), so racing
 * writers get `JOBSTORE_CONCURRENT_MODIFICATION` as on `aws:`; jobs are whole objects, never torn.
 *
 * @remarks Key layout, request counts and server switches: see the package README ("Layout").
 * `initialize` and `resume` refuse with `JOBSTORE_NOT_SUPPORTED`, naming the endpoint, a server that does
 * not honour the conditions. Limits: IDs up to 337 UTF-8 bytes (1024-byte keys with every byte
 * escaped), content up to 256 bytes inline. `newFileId` makes `<jobId>/<uuid>` for a file owned by a job
 * (its record is then grouped under the job, so `deleteJob` finds it with one listing), a UUID otherwise;
 * IDs from elsewhere work too (a cleanup file then costs one more PutObject, for an owner-index entry).
 * @throws nothing itself (no I/O until called); its methods reject as `MetadataLayer` documents, and `create`
 * and `open` also with `JOBSTORE_NOT_SUPPORTED` (naming the endpoint) when the server ignores conditions.
 * @example
 * ```ts
 * const metadata = createObjectMetadataLayer(objects, { backend: "s3" });
 * const backend = createLayeredBackend({ name: "s3", content, metadata });
 * ```
 * @public
 */
export function createObjectMetadataLayer(
  store: ObjectStore,
  options: ObjectMetadataOptions,
): MetadataLayer & { newFileId(meta: { jobId?: string; basename?: string }): string } {
  const { backend } = options;
  let marker: StoreMarker | undefined;
  const objects = mappedObjects(store, backend);
  const seen = new EtagCache();
  const registry = createStoreRegistry(objects, backend);
  const jobs = createJobObjects(objects, seen, () => marker?.ifMatchAny === true, backend);
  const records = createRecordObjects(objects, seen, backend);
  const listing = createRecordListing(objects, records);

  return {
    name: store.name,
    limits: {
      inlineContentBytes: INLINE_CONTENT_BYTES,
      maxIdBytes: MAX_ID_BYTES,
      maxSharedNameBytes: MAX_SHARED_NAME_BYTES,
      jobChunkSize: 0,
      overlargeJobThreshold: 0,
      deleteBatchSize: store.capabilities.deleteBatchSize,
    },

    newFileId: (meta) => newGroupedFileId(meta.jobId, randomUUID()),

    async create(storage, callOptions) {
      marker = await registry.create(storage, callOptions);
    },
    async open(callOptions) {
      marker = await registry.open(callOptions);
    },
    async destroy(storage, callOptions) {
      seen.clear();
      marker = undefined;
      await registry.destroy(storage, callOptions);
    },
    async close() {
      if (options.closeObjectStore) store.close();
    },

    ...jobs,
    getRecord: records.getRecord,
    switchContent: records.switchContent,
    deleteRecord: records.deleteRecord,
    ...listing,
  };
}
