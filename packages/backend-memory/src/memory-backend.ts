import { randomUUID } from "node:crypto";
import { copyEncryptionKey, defineCapabilities, type JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "./context.js";
import { memoryError } from "./errors.js";
import type { MemoryBackendOptions } from "./memory-backend-options.js";
import { fileMethods } from "./sections/files.js";
import { jobMethods } from "./sections/jobs.js";
import { lifecycleMethods } from "./sections/lifecycle.js";
import { listingMethods } from "./sections/listing.js";
import { localPathMethods } from "./sections/local-paths.js";
import { logMethods } from "./sections/logs.js";
import { sharedFileMethods } from "./sections/shared-files.js";
import { urlMethods } from "./sections/urls.js";

/**
 * The memory backend's name: `backend.name`, the `memory:` locator scheme, and the `backend` of its
 * errors.
 *
 * @public
 */
export const BACKEND_NAME = "memory";

/**
 * What a memory store name must match (also the rest of a `memory:<name>` locator).
 *
 * @public
 */
export const MEMORY_STORE_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Creates an in-memory backend: the whole job store contract in this process, with file contents in a
 * memfs volume. Wrap it with `createJobStore`, or open it as `memory:<name>` with `openJobStore`.
 *
 * @remarks
 * - Handles created with the same `name` share one store until it is destroyed; `close()` only ends
 *   this handle.
 * - Writes stream into a temp path of the volume and commit with one rename, so content is never seen
 *   half-written and a failed or aborted write leaves nothing (or the previous content).
 * - Read streams of unencrypted content hand out read-only views of the stored (immutable) version,
 *   not copies: a consumer must not write into the chunks it receives. Encrypted content is decrypted
 *   into fresh chunks.
 * - Public URLs are `file:` URLs of copies under `os.tmpdir()/jobstore-memory-<pid>/`, removed by
 *   `destroy()` and at process exit.
 * - Nothing outlives the process.
 *
 * @param options - the store's name and an optional encryption key.
 * @returns a plain {@link JobStoreBackend}.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_NAME` for a name that does not match
 * {@link MEMORY_STORE_NAME}; `TypeError`/`RangeError` for a key that is not 32 bytes.
 * @example
 * ```ts
 * const store = createJobStore(createMemoryBackend({ name: "dev" }));
 * await store.initialize();
 * const other = createJobStore(createMemoryBackend({ name: "dev" }));
 * await other.resume(); // the same store, seen through a second handle
 * ```
 * @public
 */
export function createMemoryBackend(options: MemoryBackendOptions = {}): JobStoreBackend {
  const name = options.name ?? `anonymous-${randomUUID()}`;
  if (typeof name !== "string" || !MEMORY_STORE_NAME.test(name)) {
    throw memoryError(
      "JOBSTORE_INVALID_NAME",
      `invalid memory store name ${JSON.stringify(name)}: it must match ${MEMORY_STORE_NAME}`,
    );
  }
  const ctx: StoreContext = { storeName: name, key: copyEncryptionKey(options.encryptionKey) };

  return {
    name: BACKEND_NAME,
    capabilities: defineCapabilities({
      batchCreate: true,
      encryption: ctx.key !== undefined,
      publicUrls: "file",
      inlineFileLimit: 0,
      partSize: 0,
      deleteBatchSize: 1,
      jobChunkSize: 0,
      overlargeJobThreshold: 0,
      maxPublicUrlSeconds: 0,
      // Nothing in memory limits an ID or a name; copying to a backend with limits is checked there.
      maxIdBytes: 0,
      maxSharedNameBytes: 0,
    }),

    ...lifecycleMethods(ctx),
    ...jobMethods(ctx),
    ...fileMethods(ctx),
    ...localPathMethods(ctx),
    ...sharedFileMethods(ctx),
    ...logMethods(ctx),
    ...listingMethods(ctx),
    ...urlMethods(ctx),
  };
}
