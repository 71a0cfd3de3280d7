import { randomUUID } from "node:crypto";
import { JobStoreError } from "@jobstore/core";
import { toJobStoreError } from "../errors.js";
import type { ObjectStore } from "../object-store.js";
import { isObjectStoreError } from "../object-store-error.js";
import { deleteObjects, emptyContainer } from "./container-cleanup.js";
import { type ContentConfig, DEFAULT_PART_SIZE, MIB } from "./content-config.js";
import type { ContentLayer } from "./content-layer.js";
import { noKey, openStored, verifiedStream } from "./content-reader.js";
import { discardObject, storeContent } from "./content-writer.js";
import { contentKey } from "./keys.js";
import { findContentLeftovers, removeContentLeftovers } from "./leftovers.js";

/**
 * Options of {@link createObjectContentLayer}.
 *
 * @public
 */
export interface ObjectContentOptions {
  /** The backend's name in errors (e.g. `"s3"`, `"aws"`). */
  backend: string;
  /** Multipart part size; default 50 MiB, at least the store's `minPartSize`. */
  partSize?: number | undefined;
  /** Part buffers per upload; default as many as fit in 64 MiB (at least 1). */
  uploadConcurrency?: number | undefined;
  /** A 32-byte AES-256-GCM key. */
  encryptionKey?: Uint8Array | undefined;
  /**
   * Ranged reads (8 MiB) in flight when reading content of 16 MiB or more; default 1, one streaming read,
   * which keeps up with a local server. Raise it for high-latency links.
   */
  readConcurrency?: number | undefined;
  /** Close the object store with the layer (default true: the backend owns its adapter). */
  closeObjectStore?: boolean | undefined;
}

/**
 * Builds the content layer of one handle over any {@link ObjectStore}: immutable content versions under
 * `files/`, verified and optionally encrypted, multipart above one part, presigned URLs, server-side copies
 * where the adapter has them. `aws:` combines it with the SimpleDB metadata layer; `createObjectStoreBackend`
 * with the object metadata layer.
 *
 * @throws `RangeError` for a part size outside the store's part limits.
 * @example
 * ```ts
 * const content = createObjectContentLayer(createS3ObjectStore({ region, bucket }), { backend: "aws" });
 * ```
 * @public
 */
export function createObjectContentLayer(objects: ObjectStore, options: ObjectContentOptions): ContentLayer {
  const { capabilities } = objects;
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  if (
    !Number.isInteger(partSize) ||
    partSize < capabilities.minPartSize ||
    partSize > capabilities.maxPartSize
  ) {
    throw new RangeError(
      `partSize must be an integer of at least ${capabilities.minPartSize} bytes` +
        ` (and at most ${capabilities.maxPartSize}), got ${partSize}`,
    );
  }
  const { backend } = options;
  const cfg: ContentConfig = {
    objects,
    backend,
    partSize,
    uploadConcurrency: options.uploadConcurrency ?? Math.max(1, Math.floor((64 * MIB) / partSize)),
    encryptionKey: options.encryptionKey ? Buffer.from(options.encryptionKey) : undefined,
    readConcurrency: Math.max(1, Math.floor(options.readConcurrency ?? 1)),
    unaborted: new Map(),
  };
  let lifecycleRuleSet: boolean | undefined;
  const mapped = (what: string) => (err: unknown) => {
    throw toJobStoreError(err, what, backend);
  };

  return {
    container: objects.container,
    externalSchemes: capabilities.externalSchemes,
    encryption: cfg.encryptionKey !== undefined,
    partSize,
    maxPublicUrlSeconds: capabilities.maxPresignSeconds,
    abortIncompleteUploadsAfterDays: capabilities.incompleteUploadExpiryDays,
    storage: {
      get lifecycleRuleSet() {
        return lifecycleRuleSet;
      },
      async create(o) {
        // The container's name and region come from the locator: a refusal of them is the locator's fault.
        const setup = await objects.createContainer(o).catch((err: unknown) => {
          throw toJobStoreError(err, `create ${objects.container}`, backend, "JOBSTORE_INVALID_LOCATOR");
        });
        lifecycleRuleSet = setup.expiryRuleSet;
      },
      destroy: (o) => emptyContainer(cfg, o, true).catch(mapped(`empty ${objects.container}`)),
    },

    store: (name, source, encrypt, inlineLimit, o, label) =>
      storeContent(cfg, name, source, encrypt, inlineLimit, o, label),

    async open(ref, o, label) {
      if (ref.encrypted && !cfg.encryptionKey) throw noKey(cfg, label);
      const stored = await openStored(cfg, ref, o, label);
      return stored && verifiedStream(cfg, stored, ref, label);
    },

    discard: (key) => discardObject(cfg, key),
    deleteObjects: (keys, o) => deleteObjects(cfg, keys, o).catch(mapped(`delete ${keys.length} objects`)),

    async uploadInline(name, ref, o) {
      const version = randomUUID();
      const key = contentKey(name, version);
      await objects
        .put(key, ref.inline ?? Buffer.alloc(0), undefined, o)
        .catch(mapped(`upload ${name} for a public URL`));
      const { inline: _inline, ...rest } = ref;
      return { ...rest, version, key };
    },

    presign: (key, seconds) =>
      objects
        .presignRead(key, Math.max(1, Math.min(Math.floor(seconds), capabilities.maxPresignSeconds)))
        .catch(mapped(`sign a public URL for ${key}`)),

    async copyOut(ref, target, o) {
      if (!objects.copyTo || ref.key === undefined || ref.encrypted || ref.size > capabilities.maxCopyBytes) {
        return false;
      }
      return objects.copyTo(ref.key, target, o).catch(mapped(`copy to ${target.href}`));
    },

    async openExternal(source, o) {
      if (!objects.openExternal) throw unsupported(backend, "import from", source);
      try {
        return await objects.openExternal(source, o);
      } catch (err) {
        if (isObjectStoreError(err, "missing")) {
          throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `cannot import ${source.href}: ${err.message}`, {
            cause: err,
            backend,
          });
        }
        if (isObjectStoreError(err, "unsupported")) throw unsupported(backend, "import from", source, err);
        throw toJobStoreError(err, `import ${source.href}`, backend);
      }
    },

    async uploadExternal(stream, target, o) {
      if (!objects.uploadExternal) {
        stream.destroy();
        throw unsupported(backend, "export to", target);
      }
      try {
        await objects.uploadExternal(target, stream, o);
      } catch (err) {
        if (isObjectStoreError(err, "missing")) {
          throw new JobStoreError("JOBSTORE_UNAVAILABLE", `cannot export to ${target.href}: ${err.message}`, {
            cause: err,
            retryable: false,
            backend,
          });
        }
        if (isObjectStoreError(err, "unsupported")) throw unsupported(backend, "export to", target, err);
        throw toJobStoreError(err, `export to ${target.href}`, backend);
      }
    },

    async putBlob(key, bytes, o) {
      await objects.put(key, bytes, undefined, o);
    },
    async getBlob(key, o) {
      return (await objects.get(key, o))?.body;
    },
    async deleteBlob(key, o) {
      await objects.delete(key, o);
    },

    findLeftovers: (isReferenced, olderThan, o) => findContentLeftovers(cfg, isReferenced, olderThan, o),
    removeLeftovers: (leftovers, o) => removeContentLeftovers(cfg, leftovers, o),
    close() {
      if (options.closeObjectStore !== false) objects.close();
    },
  };
}

function unsupported(backend: string, what: string, url: URL, cause?: unknown): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_NOT_SUPPORTED",
    `cannot ${what} ${url.href}: not a URL this store reaches`,
    {
      cause,
      backend,
    },
  );
}
