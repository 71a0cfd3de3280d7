import { type JobStoreBackend, JobStoreError, type OpenJobStoreOptions } from "@jobstore/core";
import { BACKEND_NAME, createMemoryBackend, MEMORY_STORE_NAME } from "./memory-backend.js";

/**
 * The locator factory of the `memory:` scheme: `openJobStore("memory:<name>", { encryptionKey })` calls
 * it with `<name>`. `@jobstore/core` loads it on demand, so nobody needs to register it.
 *
 * @param rest - the locator after `memory:`: the store's name.
 * @param options - the options given to `openJobStore`; `encryptionKey` (32 bytes) is read.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` when `rest` does not match {@link MEMORY_STORE_NAME}.
 * @example
 * ```ts
 * registerBackend("mem", memoryBackendFactory); // an alias scheme, if one is wanted
 * const store = await openJobStore("memory:dev"); // loads this factory by itself
 * ```
 * @public
 */
export function memoryBackendFactory(rest: string, options: OpenJobStoreOptions = {}): JobStoreBackend {
  if (!MEMORY_STORE_NAME.test(rest)) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid locator "${BACKEND_NAME}:${rest}": the store name ${JSON.stringify(rest)} must match ${MEMORY_STORE_NAME}`,
      { backend: BACKEND_NAME },
    );
  }
  const key = options.encryptionKey;
  if (key !== undefined && !(key instanceof Uint8Array)) {
    throw new TypeError("openJobStore: encryptionKey must be a Uint8Array of 32 bytes");
  }
  return createMemoryBackend({ name: rest, ...(key ? { encryptionKey: key } : {}) });
}
