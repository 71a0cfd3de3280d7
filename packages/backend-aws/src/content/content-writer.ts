import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { DeleteObjectCommand } from "@aws-sdk/client-s3";
import { abortError, type CallOptions, JobStoreError } from "@jobstore/core";
import type { AwsContext } from "../context.js";
import { BACKEND_NAME, mapAwsError } from "../map-error.js";
import { ChecksumTap, sha256Hex } from "./checksum.js";
import { encryptBuffer, GcmEncryptor } from "./crypto.js";
import { contentKey, INLINE_LIMIT, type StoredContent } from "./file-items.js";
import { uploadObject } from "./object-upload.js";

function asBuffer(chunk: unknown): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : typeof chunk === "string"
      ? Buffer.from(chunk)
      : Buffer.from(chunk as Uint8Array);
}

/**
 * Deletes one S3 object, ignoring every failure: used for content nobody references (a lost race, a
 * failed write, superseded content). A failure leaks the object until `destroy` empties the bucket.
 *
 * @example
 * ```ts
 * await discardObject(ctx, key);
 * ```
 * @internal
 */
export async function discardObject(ctx: AwsContext, key: string | undefined): Promise<void> {
  if (key === undefined) return;
  await ctx.s3.send(new DeleteObjectCommand({ Bucket: ctx.names.bucket, Key: key })).catch(() => undefined);
}

/**
 * Consumes `source` and stores it as a new content version of `itemName`: inline (returned in the
 * result) when it has at most {@link INLINE_LIMIT} bytes, otherwise in S3 under a fresh immutable key
 * (a single PutObject up to one part, a multipart upload above; see {@link uploadObject}). Nothing is
 * recorded in SimpleDB: the caller commits the result with {@link commitContent}.
 *
 * @remarks Content is hashed (SHA-256) and, with `encrypt`, encrypted with AES-256-GCM as it streams;
 * at most `uploadConcurrency` part buffers are held. If the source errors or `options.signal` aborts, the
 * upload is aborted (and any object written deleted) and the call rejects: with `JOBSTORE_ABORTED` on
 * abort, with the source's own error otherwise.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_ENCRYPTION` (encrypt without a key),
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const content = await storeContent(ctx, fileId, source, false, options, `file ${fileId}`);
 * await commitContent(ctx, fileId, fileAttributes(meta), content, expectVersion(undefined), undefined, options, label);
 * ```
 * @internal
 */
export async function storeContent(
  ctx: AwsContext,
  itemName: string,
  source: Readable,
  encrypt: boolean,
  options: CallOptions,
  label: string,
): Promise<StoredContent> {
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
    return sourceError !== undefined ? sourceError : mapAwsError(err, `write ${label}`);
  };
  try {
    const key = encrypt ? requireKey(ctx, label) : undefined;
    const head: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes <= INLINE_LIMIT) {
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
        inline: key ? encryptBuffer(key, plain) : plain,
      };
    }
    const objectKey = contentKey(itemName, version);
    const tap = new ChecksumTap();
    const encryptor = key ? new GcmEncryptor(key) : undefined;
    async function* stored(): AsyncGenerator<Buffer> {
      const pass = (chunk: Buffer) => {
        tap.update(chunk);
        return encryptor ? encryptor.update(chunk) : chunk;
      };
      for (const chunk of head.splice(0)) yield pass(chunk);
      for (let step = await next(); !step.done; step = await next()) yield pass(asBuffer(step.value));
      if (encryptor) yield encryptor.final();
    }
    try {
      await uploadObject(ctx.s3, stored(), {
        bucket: ctx.names.bucket,
        key: objectKey,
        partSize: ctx.partSize,
        buffers: ctx.uploadConcurrency,
        signal,
      });
    } catch (err) {
      // A single PutObject may have landed before the abort or the failure was noticed.
      await discardObject(ctx, objectKey);
      throw err;
    }
    if (signal?.aborted) {
      await discardObject(ctx, objectKey);
      throw abortError(signal);
    }
    return { version, ...tap.digest(), encrypted: encryptor !== undefined, key: objectKey };
  } catch (err) {
    throw fail(err);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

function requireKey(ctx: AwsContext, label: string): Buffer {
  if (ctx.encryptionKey) return ctx.encryptionKey;
  throw new JobStoreError("JOBSTORE_ENCRYPTION", `${label}: encryption asked for but no key is configured`, {
    backend: BACKEND_NAME,
  });
}
