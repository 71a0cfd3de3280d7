export { type UploadStreamOptions, uploadStream } from "./content/upload-stream.js";
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
export { isObjectStoreError, type ObjectErrorKind, ObjectStoreError } from "./object-store-error.js";
