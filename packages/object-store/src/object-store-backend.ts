import { type JobStoreBackend, JobStoreError } from "@jobstore/core";
import { createObjectContentLayer } from "./content/object-content-layer.js";
import { createLayeredBackend } from "./layered-backend.js";
import { createObjectMetadataLayer } from "./metadata/objects/object-metadata-layer.js";
import type { ObjectStore } from "./object-store.js";

/**
 * Options of {@link createObjectStoreBackend}.
 *
 * @public
 */
export interface ObjectStoreBackendOptions {
  /** The backend's name in messages and errors; default the adapter's `name` (e.g. `"s3"`). */
  name?: string | undefined;
  /** A 32-byte key: file contents (objects and inline) are encrypted client-side with AES-256-GCM. */
  encryptionKey?: Uint8Array | undefined;
  /** Multipart part size in bytes; default 50 MiB, within the adapter's part limits. */
  partSize?: number | undefined;
  /** Parallel part uploads per file; default as many as keep buffered parts within 64 MiB (at least 1). */
  uploadConcurrency?: number | undefined;
  /** Ranged reads (8 MiB each) in flight when reading content of 16 MiB or more; default 1 (one stream). */
  readConcurrency?: number | undefined;
  /**
   * How old (in ms) an incomplete upload or an unreferenced content object must be before `findLeftovers`
   * reports it; default one hour. Non-negative.
   */
  leftoverAgeMs?: number | undefined;
}

/**
 * Checks the options every object-store backend shares, before any I/O.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ENCRYPTION` for a key that is not 32 bytes; `RangeError` for a
 * negative `leftoverAgeMs`.
 * @example
 * ```ts
 * checkObjectStoreOptions({ encryptionKey: randomBytes(32) }, "s3");
 * ```
 * @public
 */
export function checkObjectStoreOptions(options: ObjectStoreBackendOptions, backend: string): void {
  if (options.encryptionKey !== undefined && options.encryptionKey.length !== 32) {
    throw new JobStoreError(
      "JOBSTORE_ENCRYPTION",
      `the encryption key must be 32 bytes, got ${options.encryptionKey.length}`,
      { backend },
    );
  }
  const age = options.leftoverAgeMs;
  if (age !== undefined && !(typeof age === "number" && Number.isFinite(age) && age >= 0)) {
    throw new RangeError(`leftoverAgeMs must be a non-negative number, got ${String(age)}`);
  }
}

/**
 * Builds a full job store backend on any {@link ObjectStore}: the object content layer (immutable content
 * versions, SHA-256 verified, AES-256-GCM when encrypting, multipart uploads, leftovers) plus the object
 * metadata layer (the store marker and condition probe, jobs and records as conditionally written
 * objects, lost-reply read-backs), both in the adapter's one container. `s3:` is this over the S3
 * adapter; a new object service needs only its adapter.
 *
 * @remarks The backend owns the adapter: `close()` closes it. Its capabilities (part size limits, delete
 * batches, public-URL lifetime, import/export schemes, upload expiry) come from the adapter's manifest.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ENCRYPTION` for a key that is not 32 bytes; `RangeError` for a part
 * size outside the adapter's limits or a negative `leftoverAgeMs`.
 * @example
 * ```ts
 * const backend = createObjectStoreBackend(createS3ObjectStore({ region, bucket }), { name: "s3" });
 * const store = createJobStore(backend);
 * await store.initialize();
 * ```
 * @public
 */
export function createObjectStoreBackend(
  objectStore: ObjectStore,
  options: ObjectStoreBackendOptions = {},
): JobStoreBackend {
  const name = options.name ?? objectStore.name;
  checkObjectStoreOptions(options, name);
  const content = createObjectContentLayer(objectStore, {
    backend: name,
    partSize: options.partSize,
    uploadConcurrency: options.uploadConcurrency,
    readConcurrency: options.readConcurrency,
    encryptionKey: options.encryptionKey,
  });
  const metadata = createObjectMetadataLayer(objectStore, { backend: name });
  return createLayeredBackend({ name, content, metadata, leftoverAgeMs: options.leftoverAgeMs });
}
