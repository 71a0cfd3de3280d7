import {
  type ContentLayer,
  createObjectContentLayer,
  createObjectMetadataLayer,
  type MetadataLayer,
} from "@jobstore/object-store";
import { BACKEND_NAME } from "./errors.js";
import { createS3ObjectStore, type IfMatchStyle, type S3Client } from "./s3-object-store/index.js";

/**
 * Options of {@link createS3ContentLayer}.
 *
 * @public
 */
export interface S3ContentOptions {
  /** The bucket's region. */
  region: string;
  /** The store's bucket. */
  bucket: string;
  /** A ready client; default one from the standard AWS configuration, path-style with an endpoint. */
  s3?: S3Client | undefined;
  /** Multipart part size; default 50 MiB, at least 5 MiB. */
  partSize?: number | undefined;
  /** Part buffers per upload; default as many as fit in 64 MiB (at least 1). */
  uploadConcurrency?: number | undefined;
  /** A 32-byte AES-256-GCM key. */
  encryptionKey?: Uint8Array | undefined;
  /** Ranged GETs (8 MiB) in flight when reading content of 16 MiB or more; default 1, one streaming GET. */
  readConcurrency?: number | undefined;
}

/**
 * The content layer of `aws:` on its own: `createObjectContentLayer` of `@jobstore/object-store` over the S3
 * adapter, for a bucket of your choice (errors name the `aws` backend).
 *
 * @throws `RangeError` for a part size below 5 MiB.
 * @example
 * ```ts
 * const content = createS3ContentLayer({ region: "us-west-2", bucket: "my-run--files" });
 * ```
 * @public
 */
export function createS3ContentLayer(options: S3ContentOptions): ContentLayer {
  const { region, bucket, s3, partSize, uploadConcurrency } = options;
  return createObjectContentLayer(createS3ObjectStore({ region, bucket, s3, partSize, uploadConcurrency }), {
    backend: BACKEND_NAME,
    partSize,
    uploadConcurrency,
    readConcurrency: options.readConcurrency,
    encryptionKey: options.encryptionKey,
  });
}

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
  ifMatch?: IfMatchStyle | undefined;
  /** Destroy `s3` on `close()` (the layer built it). Default false. */
  ownsClient?: boolean | undefined;
}

/**
 * The metadata layer of `s3:` on its own: `createObjectMetadataLayer` of `@jobstore/object-store` over the S3
 * adapter (registry marker, jobs and records under `meta/` of the bucket).
 *
 * @example
 * ```ts
 * const metadata = createS3MetadataLayer({ s3, bucket: "my-run--objects" });
 * ```
 * @public
 */
export function createS3MetadataLayer(
  options: S3MetadataLayerOptions,
): MetadataLayer & { newFileId(meta: { jobId?: string; basename?: string }): string } {
  // The region only matters to CreateBucket, which the content layer's storage hooks send, never this layer.
  const objects = createS3ObjectStore({
    region: "us-east-1",
    bucket: options.bucket,
    s3: options.s3,
    ifMatch: options.ifMatch,
  });
  const layer = createObjectMetadataLayer(objects, { backend: "s3" });
  return {
    ...layer,
    async close() {
      await layer.close();
      if (options.ownsClient) options.s3.destroy();
    },
  };
}
