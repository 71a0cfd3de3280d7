import "./register.js";

export { type AzureBackendOptions, azureBackendFactory, createAzureBackend } from "./azure-backend.js";
export { type AzureObjectStoreOptions, createAzureObjectStore } from "./azure-object-store.js";
export {
  AZURE_CAPABILITIES,
  BATCH_DELETE_SIZE,
  LIST_PAGE_SIZE,
  MAX_BLOCK_BYTES,
  MAX_BLOCKS,
  MAX_PRESIGN_SECONDS,
  MAX_SYNC_COPY_BYTES,
  UNCOMMITTED_BLOCK_EXPIRY_DAYS,
} from "./capabilities.js";
export type { AzureWriteRetry } from "./conditional-write.js";
export type { AzureCredentialOptions } from "./connection.js";
export { type AzureLocator, checkContainerName, parseAzureLocator } from "./names.js";
