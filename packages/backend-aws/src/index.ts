import "./register.js";

export { createAwsBackend, INLINE_FILE_LIMIT } from "./aws-backend.js";
export type { BackendLayers } from "./backend/layers.js";
export { ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS, MAX_PUBLIC_URL_SECONDS } from "./content/content-config.js";
export type { ContentLayer, ExternalObject } from "./content/content-layer.js";
export { createS3ContentLayer, type S3ContentOptions } from "./content/s3-content-layer.js";
export { createLayeredBackend, type LayeredBackendOptions, layeredCapabilities } from "./layered-backend.js";
export { awsBackendFactory, parseAwsLocator } from "./locator.js";
export { BACKEND_NAME } from "./map-error.js";
export {
  type ContentRef,
  isOutcomeUnknown,
  logName,
  type MetadataLayer,
  type MetadataLimits,
  type MetadataRecord,
  markOutcomeUnknown,
  type RecordFilter,
  type RecordKind,
  type StorageHooks,
} from "./metadata/metadata-layer.js";
export type { IfMatchStyle } from "./metadata/s3/conditional-object.js";
export { createS3MetadataLayer, type S3MetadataLayerOptions } from "./metadata/s3/s3-metadata-layer.js";
export { CHUNK_RAW_BYTES, MAX_CHUNKS, OVERLARGE_THRESHOLD } from "./metadata/simpledb/job-items.js";
export {
  createSimpleDbMetadataLayer,
  SIMPLEDB_LIMITS,
  type SimpleDbMetadataOptions,
} from "./metadata/simpledb/simpledb-layer.js";
export { type AwsResourceNames, resourceNames } from "./names.js";
export type { AwsBackendOptions } from "./options.js";
export { createS3Backend, type S3BackendOptions, s3BackendFactory, s3BucketName } from "./s3-backend.js";
export { createS3ObjectStore, type S3ObjectStoreOptions } from "./s3-object-store/index.js";
