import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { abortError, type CallOptions, JobStoreError } from "@jobstore/core";
import { BACKEND_NAME, isS3Missing, mapAwsError } from "../map-error.js";
import { deleteObjects, emptyBucketOf } from "./bucket-cleanup.js";
import { createBucket } from "./bucket-setup.js";
import {
  ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS,
  type ContentConfig,
  DEFAULT_PART_SIZE,
  MAX_PUBLIC_URL_SECONDS,
  MIB,
  MIN_PART_SIZE,
  sendOptions,
} from "./content-config.js";
import type { ContentLayer, ExternalObject } from "./content-layer.js";
import { noKey, openStored, verifiedStream } from "./content-reader.js";
import { discardObject, storeContent } from "./content-writer.js";
import { contentKey } from "./keys.js";
import { findContentLeftovers, removeContentLeftovers } from "./leftovers.js";
import { uploadObject } from "./object-upload.js";

// CopyObject copies at most 5 GiB in one request; larger objects are streamed.
const MAX_COPY_BYTES = 5 * 1024 ** 3;

/**
 * Options of {@link createS3ContentLayer}.
 *
 * @public
 */
export interface S3ContentOptions {
  /** The bucket's region. */
  region: string;
  /** The store's bucket. */
  bucket: string;
  /** A ready client; default one from the standard AWS configuration, path-style with an endpoint. */
  s3?: S3Client | undefined;
  /** Multipart part size; default 50 MiB, at least 5 MiB. */
  partSize?: number | undefined;
  /** Part buffers per upload; default as many as fit in 64 MiB (at least 1). */
  uploadConcurrency?: number | undefined;
  /** A 32-byte AES-256-GCM key. */
  encryptionKey?: Uint8Array | undefined;
  /**
   * Ranged GETs (8 MiB) in flight when reading content of 16 MiB or more; default 1, one streaming GET,
   * which keeps up with a local radosgw. Raise it for high-latency links to S3.
   */
  readConcurrency?: number | undefined;
}

/**
 * Builds the S3 content layer of one handle.
 *
 * @throws `RangeError` for a part size below 5 MiB.
 * @example
 * ```ts
 * const content = createS3ContentLayer({ region: "us-west-2", bucket: "my-run--files" });
 * ```
 * @public
 */
export function createS3ContentLayer(options: S3ContentOptions): ContentLayer {
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new RangeError(`partSize must be an integer of at least ${MIN_PART_SIZE} bytes, got ${partSize}`);
  }
  const owned = options.s3 === undefined;
  const cfg: ContentConfig = {
    s3:
      options.s3 ??
      new S3Client({
        region: options.region,
        // S3-compatible servers on an endpoint (radosgw, local tests) need path-style addressing.
        ...(process.env.AWS_ENDPOINT_URL_S3 ? { forcePathStyle: true } : {}),
      }),
    bucket: options.bucket,
    region: options.region,
    partSize,
    uploadConcurrency: options.uploadConcurrency ?? Math.max(1, Math.floor((64 * MIB) / partSize)),
    encryptionKey: options.encryptionKey ? Buffer.from(options.encryptionKey) : undefined,
    readConcurrency: Math.max(1, Math.floor(options.readConcurrency ?? 1)),
    unaborted: new Map(),
  };
  let lifecycleRuleSet: boolean | undefined;
  const { s3, bucket: Bucket } = cfg;

  return {
    bucket: Bucket,
    encryption: cfg.encryptionKey !== undefined,
    partSize,
    maxPublicUrlSeconds: MAX_PUBLIC_URL_SECONDS,
    abortIncompleteUploadsAfterDays: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS,
    storage: {
      get lifecycleRuleSet() {
        return lifecycleRuleSet;
      },
      async create(o) {
        lifecycleRuleSet = await createBucket(cfg, o);
      },
      destroy: (o) => emptyBucketOf(s3, Bucket, o, true),
    },

    store: (name, source, encrypt, inlineLimit, o, label) =>
      storeContent(cfg, name, source, encrypt, inlineLimit, o, label),

    async open(ref, o, label) {
      if (ref.encrypted && !cfg.encryptionKey) throw noKey(label);
      const stored = await openStored(cfg, ref, o, label);
      return stored && verifiedStream(cfg, stored, ref, label);
    },

    discard: (key) => discardObject(cfg, key),
    deleteObjects: (keys, o) => deleteObjects(s3, Bucket, keys, o),

    async uploadInline(name, ref, o) {
      const version = randomUUID();
      const key = contentKey(name, version);
      try {
        await s3.send(
          new PutObjectCommand({ Bucket, Key: key, Body: ref.inline ?? Buffer.alloc(0) }),
          sendOptions(o),
        );
      } catch (err) {
        throw mapAwsError(err, `upload ${name} for a public URL`);
      }
      const { inline: _inline, ...rest } = ref;
      return { ...rest, version, key };
    },

    async presign(key, seconds) {
      const expiresIn = Math.max(1, Math.min(Math.floor(seconds), MAX_PUBLIC_URL_SECONDS));
      try {
        return await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: key }), { expiresIn });
      } catch (err) {
        throw mapAwsError(err, `sign a public URL for ${key}`);
      }
    },

    async copyOut(ref, target, o) {
      if (ref.key === undefined || ref.encrypted || ref.size > MAX_COPY_BYTES) return false;
      try {
        await s3.send(
          new CopyObjectCommand({
            Bucket: target.bucket,
            Key: target.key,
            CopySource: `${Bucket}/${encodeURIComponent(ref.key)}`,
          }),
          sendOptions(o),
        );
        return true;
      } catch (err) {
        if (isS3Missing(err)) return false;
        throw mapAwsError(err, `copy to s3://${target.bucket}/${target.key}`);
      }
    },

    openExternal: (source, o) => openExternal(cfg, source, o),
    uploadExternal: (stream, target, o) => uploadExternal(cfg, stream, target, o),

    async putBlob(key, bytes, o) {
      await s3.send(
        new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentLength: bytes.length }),
        sendOptions(o),
      );
    },
    async getBlob(key, o) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket, Key: key }), sendOptions(o));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (err) {
        if (isS3Missing(err) && (err as { name?: string }).name !== "NoSuchBucket") return undefined;
        throw err;
      }
    },
    async deleteBlob(key, o) {
      try {
        await s3.send(new DeleteObjectCommand({ Bucket, Key: key }), sendOptions(o));
      } catch (err) {
        if (!isS3Missing(err)) throw err;
      }
    },

    findLeftovers: (isReferenced, olderThan, o) => findContentLeftovers(cfg, isReferenced, olderThan, o),
    removeLeftovers: (leftovers, o) => removeContentLeftovers(cfg, leftovers, o),
    close() {
      if (owned) s3.destroy();
    },
  };
}

async function openExternal(cfg: ContentConfig, source: ExternalObject, options: CallOptions) {
  const url = `s3://${source.bucket}/${source.key}`;
  try {
    const out = await cfg.s3.send(
      new GetObjectCommand({ Bucket: source.bucket, Key: source.key }),
      sendOptions(options),
    );
    return out.Body as Readable;
  } catch (err) {
    if (isS3Missing(err)) {
      throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `cannot import ${url}: no such object`, {
        cause: err,
        backend: BACKEND_NAME,
      });
    }
    throw mapAwsError(err, `import ${url}`);
  }
}

async function uploadExternal(
  cfg: ContentConfig,
  stream: Readable,
  target: ExternalObject,
  options: CallOptions,
): Promise<void> {
  const url = `s3://${target.bucket}/${target.key}`;
  const { signal } = options;
  // Failing the source makes the upload stop reading, wait for its parts in flight and abort.
  const onAbort = () => stream.destroy(abortError(signal));
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await uploadObject(cfg.s3, stream, {
      bucket: target.bucket,
      key: target.key,
      partSize: cfg.partSize,
      buffers: cfg.uploadConcurrency,
      signal,
    });
  } catch (err) {
    stream.destroy();
    if (signal?.aborted) throw abortError(signal);
    if (isS3Missing(err)) {
      throw new JobStoreError("JOBSTORE_UNAVAILABLE", `cannot export to ${url}: no such bucket`, {
        cause: err,
        retryable: false,
        backend: BACKEND_NAME,
      });
    }
    throw mapAwsError(err, `export to ${url}`);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
