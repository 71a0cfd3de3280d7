import "./register.js";

export {
  type BackendLayers,
  type ContentLayer,
  type ContentRef,
  createLayeredBackend,
  isOutcomeUnknown,
  type LayeredBackendOptions,
  layeredCapabilities,
  logName,
  type MetadataLayer,
  type MetadataLimits,
  type MetadataRecord,
  markOutcomeUnknown,
  type RecordFilter,
  type RecordKind,
  type StorageHooks,
} from "@jobstore/object-store";
export { createAwsBackend, INLINE_FILE_LIMIT } from "./aws-backend.js";
export { BACKEND_NAME } from "./errors.js";
export { awsBackendFactory, parseAwsLocator } from "./locator.js";
export { CHUNK_RAW_BYTES, MAX_CHUNKS, OVERLARGE_THRESHOLD } from "./metadata/simpledb/job-items.js";
export {
  createSimpleDbMetadataLayer,
  SIMPLEDB_LIMITS,
  type SimpleDbMetadataOptions,
} from "./metadata/simpledb/simpledb-layer.js";
export { type AwsResourceNames, resourceNames } from "./names.js";
export type { AwsBackendOptions } from "./options.js";
export { createS3Backend, type S3BackendOptions, s3BackendFactory, s3BucketName } from "./s3-backend.js";
export {
  createS3ContentLayer,
  createS3MetadataLayer,
  type S3ContentOptions,
  type S3MetadataLayerOptions,
} from "./s3-layers.js";
export {
  ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS,
  createS3ObjectStore,
  type IfMatchStyle,
  MAX_PUBLIC_URL_SECONDS,
  type S3ObjectStoreOptions,
} from "./s3-object-store/index.js";
