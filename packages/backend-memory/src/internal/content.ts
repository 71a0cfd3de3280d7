import { randomUUID } from "node:crypto";
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { abortError, JobStoreError } from "@jobstore/core";
import { decryptingTransform, encryptingTransform, IV_BYTES, TAG_BYTES } from "./aes-gcm.js";
import { CONTENT_DIR, type ContentRecord, PARTIAL_DIR, type StoreState } from "./store-registry.js";

/** Content fully written to a temp path in the volume, not yet visible to anyone. */
export interface StagedContent {
  temp: string;
  size: number;
  encrypted: boolean;
}

function toBuffer(chunk: unknown, encoding: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, encoding);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`file content must be bytes or strings, got ${typeof chunk}`);
}

/** Removes a volume path if it is there; a missing path is not an error. */
export function removeQuietly(store: StoreState, path: string): void {
  try {
    store.fs.unlinkSync(path);
  } catch {
    // already gone: a destroyed store or a discarded write
  }
}

/**
 * Streams `source` into a temp path of the store's volume (encrypting it when a key is given). Nothing
 * is visible until {@link commitContent}; on any failure the temp path is removed and `source` destroyed.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED` when `signal` fires during the write; the source's
 * own error otherwise.
 */
export async function stageContent(
  store: StoreState,
  source: Readable,
  key: Buffer | undefined,
  signal: AbortSignal | undefined,
): Promise<StagedContent> {
  const temp = `${PARTIAL_DIR}/${randomUUID()}`;
  let size = 0;
  const counter = new Transform({
    writableObjectMode: true,
    transform(chunk: unknown, encoding, done) {
      try {
        const bytes = toBuffer(chunk, encoding);
        size += bytes.length;
        done(null, bytes);
      } catch (err) {
        done(err as Error);
      }
    },
  });
  // Opened synchronously so a failure can never race an asynchronous open and leave a stray temp file.
  const fd = store.fs.openSync(temp, "w");
  const sink = store.fs.createWriteStream(temp, { fd }) as unknown as Writable;
  const stages: (Readable | Transform | Writable)[] = key
    ? [source, counter, encryptingTransform(key), sink]
    : [source, counter, sink];
  try {
    await pipeline(stages, signal ? { signal } : {});
  } catch (err) {
    source.destroy();
    sink.destroy();
    removeQuietly(store, temp);
    if (signal?.aborted) throw abortError(signal);
    throw err;
  }
  return { temp, size, encrypted: key !== undefined };
}

/** Makes staged content a committed version (one rename: atomic) and returns its record. */
export function commitContent(store: StoreState, staged: StagedContent): ContentRecord {
  const path = `${CONTENT_DIR}/${randomUUID()}`;
  store.fs.renameSync(staged.temp, path);
  return { path, size: staged.size, encrypted: staged.encrypted, version: store.nextVersion++ };
}

/**
 * Opens a committed version for reading. The descriptor is opened before returning, so a concurrent
 * update or delete cannot take the content away from a reader that already has the stream.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ENCRYPTION` for encrypted content without a key; a wrong key
 * fails the stream with the same code.
 */
export function openContent(
  store: StoreState,
  record: ContentRecord,
  key: Buffer | undefined,
  what: string,
): Readable {
  if (record.encrypted && !key) {
    throw new JobStoreError(
      "JOBSTORE_ENCRYPTION",
      `${what} is encrypted but no encryption key is configured`,
      {
        backend: "memory",
      },
    );
  }
  const fs = store.fs;
  const fd = fs.openSync(record.path, "r");
  const bodyStart = record.encrypted ? IV_BYTES : 0;
  const body =
    record.size === 0
      ? Readable.from([])
      : (fs.createReadStream("", {
          fd,
          start: bodyStart,
          end: bodyStart + record.size - 1,
        }) as unknown as Readable);
  if (!record.encrypted || !key) {
    if (record.size === 0) fs.closeSync(fd);
    return body;
  }
  const iv = Buffer.alloc(IV_BYTES);
  const tag = Buffer.alloc(TAG_BYTES);
  fs.readSync(fd, iv, 0, IV_BYTES, 0);
  fs.readSync(fd, tag, 0, TAG_BYTES, IV_BYTES + record.size);
  if (record.size === 0) fs.closeSync(fd);
  const plain = decryptingTransform(key, iv, tag, what);
  // The callback form returns at once and ties both ends together: an error in either fails `plain`,
  // and a reader destroying `plain` early closes the descriptor.
  void pipelineQuietly(body, plain);
  return plain;
}

async function pipelineQuietly(body: Readable, plain: Transform): Promise<void> {
  try {
    await pipeline(body, plain);
  } catch {
    // surfaced to the reader as an error on `plain`, or the reader stopped early on purpose
  }
}
