export { destroyOnAbort } from "./abort-stream.js";
export type {
  FileContent,
  FileInfo,
  FileWriteMeta,
  JobStoreBackend,
  JobWriteOptions,
  Leftover,
  LogEntry,
  SharedFileInfo,
} from "./backend.js";
export { BufferStream } from "./buffer-stream.js";
export { defineCapabilities, type JobStoreCapabilities } from "./capabilities.js";
export {
  type DecryptOptions,
  ENCRYPTION_IV_BYTES,
  ENCRYPTION_OVERHEAD,
  ENCRYPTION_TAG_BYTES,
  type EncryptOptions,
  GcmDecryptor,
  GcmEncryptor,
} from "./codec/aes-gcm.js";
export { ChecksumTap, sha256Hex } from "./codec/checksum-tap.js";
export { createDecryptStream } from "./codec/decrypt-stream.js";
export { copyEncryptionKey, ENCRYPTION_KEY_BYTES } from "./codec/encryption-key.js";
export { decryptBuffer, encryptBuffer } from "./codec/gcm-buffer.js";
export { writeLocalFileAtomically } from "./codec/write-local-file.js";
export { createJobStore } from "./create-job-store.js";
export {
  abortError,
  isJobStoreError,
  JOBSTORE_ERROR_CODES,
  JobStoreError,
  type JobStoreErrorCode,
  type JobStoreErrorOptions,
  throwIfAborted,
} from "./errors.js";
export { forEachLimited } from "./for-each-limited.js";
export { decodeJob, encodeJob, jobToJson, MAX_JOB_DEPTH } from "./job-codec.js";
export type { JobStore } from "./job-store.js";
export {
  type BackendFactory,
  type BackendSearchOptions,
  type InstalledScheme,
  listInstalledSchemes,
  type OpenJobStoreOptions,
  openJobStore,
  type ParsedLocator,
  parseLocator,
  registerBackend,
} from "./locators.js";
export { NETWORK_ERROR_CODES, type NetworkFailureShapes, networkFailureTest } from "./network-failure.js";
export type {
  CallOptions,
  FileId,
  ImportFileOptions,
  JobDescription,
  JobStoreConfig,
  ProgressCallback,
  PublicUrlOptions,
  ReadFileOptions,
  ReadLogsOptions,
  RemoveLeftoversOptions,
  RestoreFileOptions,
  SharedFileOptions,
  StoredJob,
  TransferOptions,
  WriteCallback,
  WriteFileOptions,
  WriteLogsOptions,
} from "./types.js";
export { openUrlSource, type UrlSource, writeUrlDestination } from "./url-transfer.js";
