import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import type { MetadataLayer } from "../metadata-layer.js";
import { createObjectStore, OBJECTS_PER_REQUEST } from "./conditional-object.js";
import { EtagCache } from "./etag-cache.js";
import { createJobObjects } from "./job-objects.js";
import { MAX_ID_BYTES, MAX_SHARED_NAME_BYTES, newGroupedFileId } from "./object-keys.js";
import { createRecordListing } from "./record-listing.js";
import { createRecordObjects } from "./record-objects.js";
import type { StoreMarker } from "./store-marker.js";
import { createStoreRegistry } from "./store-registry.js";

/** Content of at most this many plaintext bytes is kept in the record object (as on `aws:`). */
const S3_INLINE_CONTENT_BYTES = 256;

/**
 * Options of {@link createS3MetadataLayer}.
 *
 * @public
 */
export interface S3MetadataLayerOptions {
  /** The client of the store's bucket. */
  s3: S3Client;
  /** The store's bucket; the layer's objects live under `meta/` in it. */
  bucket: string;
  /**
   * How to send the ETag in `If-Match`. Default: found by `initialize` (quoted first, as AWS takes it,
   * then bare, as Ceph radosgw needs) and recorded in the store marker for every later handle.
   */
  ifMatch?: "quoted" | "unquoted";
  /** Destroy `s3` on `close()` (the layer built it). Default false. */
  ownsClient?: boolean;
}

/**
 * The metadata layer of `s3:` stores: the registry, jobs, and file, shared-file and log records as S3
 * objects under `meta/` in the store's bucket. No SimpleDB. Every record write is a conditional
 * PutObject (`If-None-Match: *` to create, `If-Match` on the ETag read to replace), so racing writers
 * get `JOBSTORE_CONCURRENT_MODIFICATION` as on `aws:`; jobs are whole objects, never torn.
 *
 * @remarks Key layout, request counts and server switches: see the package README ("`s3:` stores").
 * `initialize` and `resume` refuse with `JOBSTORE_NOT_SUPPORTED`, naming the endpoint, a server that does
 * not honour the conditions. Limits: IDs up to 337 UTF-8 bytes (S3's 1024-byte keys with every byte
 * escaped), content up to 256 bytes inline. `newFileId` makes `<jobId>/<uuid>` for a file owned by a job
 * (its record is then grouped under the job, so `deleteJob` finds it with one listing), a UUID otherwise;
 * IDs from elsewhere work too (a cleanup file then costs one more PutObject, for an owner-index entry).
 * @throws nothing itself (no I/O until called); its methods reject as `MetadataLayer` documents, and `create`
 * and `open` also with `JOBSTORE_NOT_SUPPORTED` (naming the endpoint) when the server ignores conditions.
 * @example
 * ```ts
 * const metadata = createS3MetadataLayer({ s3, bucket: "my-run--files" });
 * const backend = createLayeredBackend({ name: "s3", content, metadata });
 * ```
 * @public
 */
export function createS3MetadataLayer(
  options: S3MetadataLayerOptions,
): MetadataLayer & { newFileId(meta: { jobId?: string; basename?: string }): string } {
  const { s3, bucket } = options;
  let marker: StoreMarker | undefined;
  const objects = createObjectStore(s3, bucket, () => marker?.ifMatch ?? options.ifMatch ?? "quoted");
  const seen = new EtagCache();
  const registry = createStoreRegistry(objects, s3, options.ifMatch);
  const jobs = createJobObjects(objects, seen, () => marker?.ifMatchAny === true);
  const records = createRecordObjects(objects, seen);
  const listing = createRecordListing(objects, records);

  return {
    name: "s3",
    limits: {
      inlineContentBytes: S3_INLINE_CONTENT_BYTES,
      maxIdBytes: MAX_ID_BYTES,
      maxSharedNameBytes: MAX_SHARED_NAME_BYTES,
      jobChunkSize: 0,
      overlargeJobThreshold: 0,
      deleteBatchSize: OBJECTS_PER_REQUEST,
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
      if (options.ownsClient) s3.destroy();
    },

    ...jobs,
    getRecord: records.getRecord,
    switchContent: records.switchContent,
    deleteRecord: records.deleteRecord,
    ...listing,
  };
}
