import { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { BACKEND_NAME, isS3Missing, mapAwsError } from "../map-error.js";
import type { ContentRef } from "../metadata/metadata-layer.js";
import { type ContentConfig, sendOptions } from "./content-config.js";
import { ENCRYPTION_OVERHEAD } from "./crypto.js";
import { openRanged, RANGED_READ_MIN_BYTES } from "./ranged-reader.js";
import { VerifiedReadable } from "./verified-readable.js";

/**
 * Turns stored bytes into verified plaintext: decrypts when `content.encrypted`, checks the SHA-256 and
 * the size as bytes pass. Destroying the result destroys `stored` (freeing an S3 socket).
 *
 * @remarks Stream errors are {@link @jobstore/core!JobStoreError}s: `JOBSTORE_CHECKSUM_MISMATCH` naming `label`, or the
 * mapped transport error (`JOBSTORE_UNAVAILABLE`, `JOBSTORE_ABORTED`).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ENCRYPTION` when the content is encrypted and no key is configured.
 * @example
 * ```ts
 * const plain = verifiedStream(cfg, s3Body, record, `file ${fileId}`);
 * ```
 * @internal
 */
export function verifiedStream(
  cfg: ContentConfig,
  stored: Readable,
  content: ContentRef,
  label: string,
): Readable {
  if (content.encrypted && !cfg.encryptionKey) {
    stored.destroy();
    throw noKey(label);
  }
  const key = content.encrypted ? cfg.encryptionKey : undefined;
  return new VerifiedReadable(stored, key, content.checksum, content.size, label);
}

/**
 * The error for encrypted content on a handle without a key.
 *
 * @example
 * ```ts
 * if (ref.encrypted && !cfg.encryptionKey) throw noKey(label);
 * ```
 * @internal
 */
export function noKey(label: string): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_ENCRYPTION",
    `${label} is encrypted but no encryption key is configured`,
    {
      backend: BACKEND_NAME,
    },
  );
}

/**
 * Opens the stored bytes of one content version: its inline bytes, a streaming GetObject of its key, or
 * (with `readConcurrency` above 1, from {@link RANGED_READ_MIN_BYTES}) parallel ranged GETs of it.
 * `undefined` when the S3 object is missing.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const stored = await openStored(cfg, record, options, label);
 * ```
 * @internal
 */
export async function openStored(
  cfg: ContentConfig,
  content: ContentRef,
  options: CallOptions,
  label: string,
): Promise<Readable | undefined> {
  if (content.key === undefined)
    return Readable.from([content.inline ?? Buffer.alloc(0)], { objectMode: false });
  const storedSize = content.size + (content.encrypted ? ENCRYPTION_OVERHEAD : 0);
  try {
    if (cfg.readConcurrency > 1 && storedSize >= RANGED_READ_MIN_BYTES)
      return await openRanged(cfg, content.key, storedSize, options);
    const out = await cfg.s3.send(
      new GetObjectCommand({ Bucket: cfg.bucket, Key: content.key }),
      sendOptions(options),
    );
    return out.Body as Readable;
  } catch (err) {
    if (isS3Missing(err) && (err as { name?: string }).name !== "NoSuchBucket") return undefined;
    throw mapAwsError(err, `read ${label}`);
  }
}

/**
 * Reads a whole verified stream into memory (log messages only: they are small).
 *
 * @throws {@link @jobstore/core!JobStoreError} the stream's error, e.g. `JOBSTORE_CHECKSUM_MISMATCH`.
 * @example
 * ```ts
 * const message = await collect(stream);
 * ```
 * @internal
 */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
