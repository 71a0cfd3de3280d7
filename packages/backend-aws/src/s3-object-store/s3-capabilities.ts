import type { ObjectStoreCapabilities } from "@jobstore/object-store";

const MIB = 1024 * 1024;

/** The longest lifetime of a SigV4 presigned URL (7 days). */
export const MAX_PUBLIC_URL_SECONDS = 604_800;
/** The lifecycle rule set at `initialize` aborts multipart uploads left incomplete this many days. */
export const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 1;
/** S3's limit of keys per DeleteObjects request and per ListObjectsV2 page. */
export const OBJECTS_PER_REQUEST = 1000;
/** CopyObject copies at most 5 GiB in one request; larger objects are streamed. */
export const MAX_COPY_BYTES = 5 * 1024 ** 3;

/**
 * What S3 (and the S3-compatible servers `s3:` supports, such as Ceph radosgw) offers. Conditions on
 * DeleteObject and CompleteMultipartUpload are not relied on: radosgw ignores them.
 *
 * @internal
 */
export const S3_CAPABILITIES: ObjectStoreCapabilities = Object.freeze({
  tagFormat: "S3 ETag (MD5 hex, or MD5-of-parts with a -N suffix)",
  minPartSize: 5 * MIB,
  maxPartSize: 5 * 1024 * MIB,
  maxParts: 10_000,
  deleteBatchSize: OBJECTS_PER_REQUEST,
  listPageSize: OBJECTS_PER_REQUEST,
  maxPresignSeconds: MAX_PUBLIC_URL_SECONDS,
  maxCopyBytes: MAX_COPY_BYTES,
  incompleteUploadExpiryDays: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS,
  ifMatchAny: true,
  conditionalDelete: false,
  conditionalComplete: false,
  externalSchemes: Object.freeze(["s3"]),
});
