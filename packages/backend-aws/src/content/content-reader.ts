import { PassThrough, pipeline, Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { type AwsContext, sendOptions } from "../context.js";
import { BACKEND_NAME, isS3Missing, mapAwsError } from "../map-error.js";
import { createChecksumVerifier } from "./checksum.js";
import { createDecryptStream } from "./crypto.js";
import type { FileRecord, ItemKind, StoredContent } from "./file-items.js";
import { noSuchFile, requireRecord } from "./records.js";

// An update deletes the object it supersedes, so a reader that read the item just before may find the
// object gone; reading the item again finds the new version. Bounded, since each retry costs two requests.
const MAX_RACE_RETRIES = 3;

/**
 * Turns stored bytes into verified plaintext: decrypts when `content.encrypted`, checks the SHA-256 and
 * the size as bytes pass. Destroying the result destroys `stored` (freeing an S3 socket).
 *
 * @remarks Stream errors are {@link @jobstore/core!JobStoreError}s: `JOBSTORE_CHECKSUM_MISMATCH` naming `label`, or the
 * mapped transport error (`JOBSTORE_UNAVAILABLE`, `JOBSTORE_ABORTED`).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ENCRYPTION` when the content is encrypted and no key is configured.
 * @example
 * ```ts
 * const plain = verifiedStream(ctx, s3Body, record, `file ${fileId}`);
 * ```
 * @internal
 */
export function verifiedStream(
  ctx: AwsContext,
  stored: Readable,
  content: StoredContent,
  label: string,
): Readable {
  if (content.encrypted && !ctx.encryptionKey) {
    stored.destroy();
    throw noKey(label);
  }
  const key = content.encrypted ? ctx.encryptionKey : undefined;
  const verifier = createChecksumVerifier(content.checksum, content.size, label);
  const out = new PassThrough();
  const onDone = (err: NodeJS.ErrnoException | null) => {
    if (err) out.destroy(mapAwsError(err, `read ${label}`));
  };
  const chain = key
    ? pipeline(stored, createDecryptStream(key, label), verifier, onDone)
    : pipeline(stored, verifier, onDone);
  chain.pipe(out);
  // A reader that stops early destroys `out`; tearing the chain down releases the HTTP response.
  out.once("close", () => {
    if (!chain.readableEnded) chain.destroy();
  });
  return out;
}

function noKey(label: string): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_ENCRYPTION",
    `${label} is encrypted but no encryption key is configured`,
    {
      backend: BACKEND_NAME,
    },
  );
}

/**
 * Opens the stored bytes of one content version: its inline bytes, or a streaming GetObject of its key.
 * `undefined` when the S3 object is missing.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const stored = await openStored(ctx, record, options, label);
 * ```
 * @internal
 */
export async function openStored(
  ctx: AwsContext,
  content: StoredContent,
  options: CallOptions,
  label: string,
): Promise<Readable | undefined> {
  if (content.key === undefined)
    return Readable.from([content.inline ?? Buffer.alloc(0)], { objectMode: false });
  try {
    const out = await ctx.s3.send(
      new GetObjectCommand({ Bucket: ctx.names.bucket, Key: content.key }),
      sendOptions(options),
    );
    return out.Body as Readable;
  } catch (err) {
    if (isS3Missing(err) && (err as { name?: string }).name !== "NoSuchBucket") return undefined;
    throw mapAwsError(err, `read ${label}`);
  }
}

/**
 * Opens an item's current content for reading: one consistent GetAttributes, then (unless inline) one
 * streaming GetObject of exactly the recorded version.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` (missing item, or content lost), `JOBSTORE_ENCRYPTION`,
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`; `JOBSTORE_CHECKSUM_MISMATCH` later,
 * as a stream error.
 * @example
 * ```ts
 * const { record, stream } = await openItem(ctx, fileId, "file", options, `file ${fileId}`);
 * ```
 * @internal
 */
export async function openItem(
  ctx: AwsContext,
  itemName: string,
  kind: ItemKind,
  options: CallOptions,
  label: string,
): Promise<{ record: FileRecord; stream: Readable }> {
  let missingVersion: string | undefined;
  for (let attempt = 0; ; attempt++) {
    const record = await requireRecord(ctx, itemName, kind, options, label);
    if (record.encrypted && !ctx.encryptionKey) throw noKey(label);
    if (record.version === missingVersion || attempt > MAX_RACE_RETRIES) {
      throw noSuchFile(label, `has lost its content (S3 object ${record.key ?? ""} is missing)`);
    }
    const stored = await openStored(ctx, record, options, label);
    if (stored) return { record, stream: verifiedStream(ctx, stored, record, label) };
    missingVersion = record.version;
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
