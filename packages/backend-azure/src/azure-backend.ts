import type { JobStoreBackend, OpenJobStoreOptions } from "@jobstore/core";
import {
  checkObjectStoreOptions,
  createObjectStoreBackend,
  type ObjectStoreBackendOptions,
} from "@jobstore/object-store";
import { createAzureObjectStore } from "./azure-object-store.js";
import type { AzureWriteRetry } from "./conditional-write.js";
import type { AzureCredentialOptions } from "./connection.js";
import { parseAzureLocator } from "./names.js";

/**
 * Options of {@link createAzureBackend}: where the store lives, how to reach it, and the generic
 * object-store backend's own options (encryption, part size, leftovers).
 *
 * @public
 */
export interface AzureBackendOptions extends AzureCredentialOptions, Omit<ObjectStoreBackendOptions, "name"> {
  /** The storage account (from the locator). */
  account: string;
  /** The container holding the store (the locator's `<name>`), under Azure's naming rules. */
  container: string;
  /** Retries of the adapter; see {@link AzureWriteRetry}. */
  retry?: AzureWriteRetry | undefined;
}

/**
 * Creates an `azure:` backend: the Azure adapter ({@link createAzureObjectStore}) on one container, plus
 * the generic object-store backend of `@jobstore/object-store`. No I/O until the store is used.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` (container name Azure would refuse,
 * credentials of another account), `JOBSTORE_ENCRYPTION` (a key that is not 32 bytes),
 * `JOBSTORE_UNAVAILABLE` (a connection string that does not parse; not retryable); `RangeError` for a part
 * size outside Azure's block limits.
 * @example
 * ```ts
 * const store = createJobStore(createAzureBackend({ account: "devstoreaccount1", container: "my-run" }));
 * await store.initialize();
 * ```
 * @public
 */
export function createAzureBackend(options: AzureBackendOptions): JobStoreBackend {
  checkObjectStoreOptions(options, "azure");
  const objects = createAzureObjectStore(options);
  return createObjectStoreBackend(objects, {
    name: "azure",
    partSize: options.partSize,
    uploadConcurrency: options.uploadConcurrency,
    readConcurrency: options.readConcurrency,
    encryptionKey: options.encryptionKey,
    leftoverAgeMs: options.leftoverAgeMs,
  });
}

/**
 * The locator factory for `azure:<account>:<name>`; `openJobStore` loads it on demand. Other options
 * (`encryptionKey`, `partSize`, `connectionString`, `credential`, `endpoint`, ...) come from
 * `openJobStore`'s second argument.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` when the rest is not a valid
 * `<account>:<name>`.
 * @example
 * ```ts
 * const store = await openJobStore("azure:devstoreaccount1:my-run", { encryptionKey });
 * ```
 * @public
 */
export function azureBackendFactory(rest: string, options: OpenJobStoreOptions): JobStoreBackend {
  return createAzureBackend({ ...(options as Partial<AzureBackendOptions>), ...parseAzureLocator(rest) });
}
