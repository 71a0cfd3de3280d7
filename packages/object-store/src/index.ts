export type { ContentLayer } from "./content/content-layer.js";
export { overlargeJobKey } from "./content/keys.js";
export { createObjectContentLayer, type ObjectContentOptions } from "./content/object-content-layer.js";
export { type UploadStreamOptions, uploadStream } from "./content/upload-stream.js";
export type { BackendLayers } from "./context.js";
export { toJobStoreError } from "./errors.js";
export { createLayeredBackend, type LayeredBackendOptions, layeredCapabilities } from "./layered-backend.js";
export {
  type ContentRef,
  isOutcomeUnknown,
  logName,
  type MetadataLayer,
  type MetadataLimits,
  type MetadataRecord,
  markOutcomeUnknown,
  type RecordFields,
  type RecordFilter,
  type RecordKind,
  type StorageHooks,
  withContent,
} from "./metadata/metadata-layer.js";
export {
  createObjectMetadataLayer,
  type ObjectMetadataOptions,
} from "./metadata/objects/object-metadata-layer.js";
export type {
  ByteRange,
  ConditionDialect,
  ContainerSetup,
  IncompleteUpload,
  ObjectBytes,
  ObjectCallOptions,
  ObjectInfo,
  ObjectStore,
  ObjectStoreCapabilities,
  ObjectStream,
  UploadedPart,
  WriteCondition,
  WriteOutcome,
} from "./object-store.js";
export {
  checkObjectStoreOptions,
  createObjectStoreBackend,
  type ObjectStoreBackendOptions,
} from "./object-store-backend.js";
export { isObjectStoreError, type ObjectErrorKind, ObjectStoreError } from "./object-store-error.js";
