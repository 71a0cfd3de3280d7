import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import {
  abortError,
  type CallOptions,
  ChecksumTap,
  encryptBuffer,
  GcmEncryptor,
  JobStoreError,
  sha256Hex,
} from "@jobstore/core";
import { toJobStoreError } from "../errors.js";
import type { ContentRef } from "../metadata/metadata-layer.js";
import type { ContentConfig } from "./content-config.js";
import { contentKey } from "./keys.js";
import { uploadStream } from "./upload-stream.js";

function asBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : typeof chunk === "string"
      ? Buffer.from(chunk)
      : Buffer.from(chunk as Uint8Array);
}

/**
 * Deletes one content object, ignoring every failure: used for content nobody references (a lost race, a
 * failed write, superseded content). A failure leaks the object until `destroy` empties the container.
 *
 * @example
 * ```ts
 * await discardObject(cfg, key);
 * ```
 * @internal
 */
export async function discardObject(cfg: ContentConfig, key: string | undefined): Promise<void> {
  if (key === undefined) return;
  await cfg.objects.delete(key, {}).catch(() => undefined);
}

/**
 * Consumes `source` and stores it as a new content version of `qualifiedName`: inline (returned in the
 * result) when it has at most `inlineLimit` bytes, otherwise in the container under a fresh
 * immutable key (a single put up to one part, a multipart upload above; see {@link uploadStream}). Nothing is
 * recorded: the caller records the result with the metadata layer's `switchContent`.
 *
 * @remarks Content is hashed (SHA-256) and, with `encrypt`, encrypted with AES-256-GCM as it streams;
 * at most `uploadConcurrency` part buffers are held. If the source errors or `options.signal` aborts, the
 * upload is aborted (and any object written deleted) and the call rejects: with `JOBSTORE_ABORTED` on
 * abort, with the source's own error otherwise.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_ENCRYPTION` (encrypt without a key),
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const content = await storeContent(cfg, fileId, source, false, 256, options, `file ${fileId}`);
 * ```
 * @internal
 */
export async function storeContent(
  cfg: ContentConfig,
  qualifiedName: string,
  source: Readable,
  encrypt: boolean,
  inlineLimit: number,
  options: CallOptions,
  label: string,
): Promise<ContentRef> {
  const { signal } = options;
  const onAbort = () => source.destroy(abortError(signal));
  signal?.addEventListener("abort", onAbort, { once: true });
  let sourceError: unknown;
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<unknown>;
  const next = async () => {
    try {
      return await iterator.next();
    } catch (err) {
      sourceError = err;
      throw err;
    }
  };
  const fail = (err: unknown) => {
    source.destroy();
    if (signal?.aborted) return abortError(signal);
    return sourceError !== undefined ? sourceError : toJobStoreError(err, `write ${label}`, cfg.backend);
  };
  try {
    const key = encrypt ? requireKey(cfg, label) : undefined;
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes <= inlineLimit) {
      const step = await next();
      if (step.done) {
        ended = true;
        break;
      }
      const chunk = asBuffer(step.value);
      head.push(chunk);
      headBytes += chunk.length;
    }
    const version = randomUUID();
    if (ended) {
      const plain = Buffer.concat(head);
      if (signal?.aborted) throw abortError(signal);
      return {
        version,
        checksum: sha256Hex(plain),
        size: plain.length,
        encrypted: key !== undefined,
        inline: key ? encryptBuffer(key, plain, { backend: cfg.backend }) : plain,
      };
    }
    const objectKey = contentKey(qualifiedName, version);
    const tap = new ChecksumTap();
    const encryptor = key ? new GcmEncryptor(key, { backend: cfg.backend }) : undefined;
    async function* stored(): AsyncGenerator<Buffer> {
      // The codec emits pieces (the IV, then ciphertext; the tag at the end): gathered, then yielded.
      const pieces: Buffer[] = [];
      const gather = (piece: Buffer) => pieces.push(piece);
      const pass = (chunk: Buffer): Buffer[] => {
        tap.update(chunk);
        if (!encryptor) return [chunk];
        encryptor.update(chunk, gather);
        return pieces.splice(0);
      };
      for (const chunk of head.splice(0)) yield* pass(chunk);
      for (let step = await next(); !step.done; step = await next()) yield* pass(asBuffer(step.value));
      if (encryptor) {
        encryptor.final(gather);
        yield* pieces.splice(0);
      }
    }
    try {
      await uploadStream(cfg.objects, objectKey, stored(), {
        partSize: cfg.partSize,
        buffers: cfg.uploadConcurrency,
        signal,
        onUnaborted: (upload) => recordUnaborted(cfg, upload),
      });
    } catch (err) {
      // A single put may have landed before the abort or the failure was noticed.
      await discardObject(cfg, objectKey);
      throw err;
    }
    if (signal?.aborted) {
      await discardObject(cfg, objectKey);
      throw abortError(signal);
    }
    const { checksum, size } = tap.digest();
    return { version, checksum, size, encrypted: encryptor !== undefined, key: objectKey };
  } catch (err) {
    throw fail(err);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Remembers a multipart upload that could not be aborted, for `findLeftovers`.
 *
 * @example
 * ```ts
 * recordUnaborted(cfg, { key, uploadId });
 * ```
 * @internal
 */
export function recordUnaborted(cfg: ContentConfig, upload: { key: string; uploadId: string }): void {
  const id = multipartLeftoverId(upload.key, upload.uploadId);
  cfg.unaborted.set(id, { kind: "multipart-upload", id, createdAt: new Date() });
}

/**
 * The leftover ID of a multipart upload: its key and upload ID, as JSON.
 *
 * @example
 * ```ts
 * multipartLeftoverId("files/a/v1", "2~x"); // '["files/a/v1","2~x"]'
 * ```
 * @internal
 */
export function multipartLeftoverId(key: string, uploadId: string): string {
  return JSON.stringify([key, uploadId]);
}

function requireKey(cfg: ContentConfig, label: string): Buffer {
  if (cfg.encryptionKey) return cfg.encryptionKey;
  throw new JobStoreError("JOBSTORE_ENCRYPTION", `${label}: encryption asked for but no key is configured`, {
    backend: cfg.backend,
  });
}
