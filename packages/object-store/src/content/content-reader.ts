import { Readable } from "node:stream";
import { type CallOptions, ENCRYPTION_OVERHEAD, JobStoreError } from "@jobstore/core";
import { toJobStoreError } from "../errors.js";
import type { ContentRef } from "../metadata/metadata-layer.js";
import type { ContentConfig } from "./content-config.js";
import { openRanged, RANGED_READ_MIN_BYTES } from "./ranged-reader.js";
import { VerifiedReadable } from "./verified-readable.js";

/**
 * Turns stored bytes into verified plaintext: decrypts when `content.encrypted`, checks the SHA-256 and
 * the size as bytes pass. Destroying the result destroys `stored` (freeing its connection).
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
    throw noKey(cfg, label);
  }
  const key = content.encrypted ? cfg.encryptionKey : undefined;
  return new VerifiedReadable(stored, key, content.checksum, content.size, label, cfg.backend);
}

/**
 * The error for encrypted content on a handle without a key.
 *
 * @example
 * ```ts
 * if (ref.encrypted && !cfg.encryptionKey) throw noKey(cfg, label);
 * ```
 * @internal
 */
export function noKey(cfg: Pick<ContentConfig, "backend">, label: string): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_ENCRYPTION",
    `${label} is encrypted but no encryption key is configured`,
    {
      backend: cfg.backend,
    },
  );
}

/**
 * Opens the stored bytes of one content version: its inline bytes, one streaming read of its key, or
 * (with `readConcurrency` above 1, from {@link RANGED_READ_MIN_BYTES}) parallel ranged reads of it.
 * `undefined` when the content object is missing.
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
    return (await cfg.objects.open(content.key, options))?.body;
  } catch (err) {
    throw toJobStoreError(err, `read ${label}`, cfg.backend);
  }
}
