import { pipeline, Readable } from "node:stream";
import { BufferStream, createDecryptStream, decryptBuffer, ENCRYPTION_OVERHEAD } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { BACKEND_NAME, fileError } from "../errors.js";
import { ContentCheck, checkBuffer, createVerifier } from "./checksum.js";
import type { FileRecord } from "./records.js";
import { maybeYield } from "./yield.js";

// Content up to this size is read whole, in one call; larger content streams in blocks of this size.
const SMALL_READ = 1024 * 1024;
const READ_BLOCK = 1024 * 1024;

/** A content version's bytes, read in blocks through the injected file system, closed at the end. */
class ContentStream extends Readable {
  #position = 0;
  #closed = false;

  constructor(
    readonly ctx: StoreContext,
    readonly fd: number,
    readonly length: number,
    readonly check: ContentCheck | undefined,
  ) {
    super({ highWaterMark: READ_BLOCK });
  }

  override _read(): void {
    const pause = maybeYield();
    if (pause) void pause.then(() => this.#readBlock());
    else this.#readBlock();
  }

  #readBlock(): void {
    if (this.destroyed) return; // closed while the event loop ran: the descriptor is gone
    const want = Math.min(READ_BLOCK, this.length - this.#position);
    if (want <= 0) {
      this.#finish();
      return;
    }
    const block = Buffer.allocUnsafe(want);
    this.ctx.fs.read(this.fd, block, 0, want, this.#position).then(
      (n) => {
        if (n === 0) return this.#finish();
        this.#position += n;
        const chunk = n < want ? block.subarray(0, n) : block;
        this.check?.update(chunk);
        this.push(chunk);
      },
      (err: unknown) => this.destroy(err as Error),
    );
  }

  #finish(): void {
    const failure = this.check?.failure();
    if (failure) {
      this.destroy(failure);
      return;
    }
    this.push(null);
  }

  override _destroy(err: Error | null, done: (err: Error | null) => void): void {
    if (this.#closed) {
      done(err);
      return;
    }
    this.#closed = true;
    this.ctx.fs.close(this.fd).then(
      () => done(err),
      () => done(err),
    );
  }
}

/** Reads exactly `length` bytes at offset 0 (fewer when the file is shorter). */
export async function readExactly(ctx: StoreContext, fd: number, length: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = await ctx.fs.read(fd, buffer, got, length - got, got);
    if (n === 0) break;
    got += n;
  }
  return buffer.subarray(0, got);
}

/**
 * Opens a content version for reading: the descriptor is open before this returns, so a concurrent
 * update or delete cannot take the bytes away from the reader. Content up to 1 MiB is read, decrypted
 * and verified before this returns (one read, no stream machinery); larger content streams and fails
 * with `JOBSTORE_CHECKSUM_MISMATCH` at its end when the SHA-256 or size differ from the record.
 *
 * @throws `JOBSTORE_ENCRYPTION` for encrypted content without the right key;
 * `JOBSTORE_CHECKSUM_MISMATCH` for small damaged content; the `open` error (e.g. `ENOENT` when a newer
 * version replaced this one) otherwise.
 */
export async function openContent(
  ctx: StoreContext,
  record: FileRecord,
  path: string,
  label: string,
): Promise<Readable> {
  requireKeyFor(ctx, record, label);
  if (record.body) return bufferStream(verifiedPlain(ctx, record, record.body, label));
  const fd = await ctx.fs.open(path, "r");
  const stored = record.size + (record.encrypted ? ENCRYPTION_OVERHEAD : 0);
  if (stored <= SMALL_READ) {
    let bytes: Buffer;
    try {
      bytes = await readExactly(ctx, fd, stored);
    } finally {
      await ctx.fs.close(fd);
    }
    return bufferStream(verifiedPlain(ctx, record, bytes, label));
  }
  if (!record.encrypted) return new ContentStream(ctx, fd, stored, new ContentCheck(record, label));
  const verifier = createVerifier(record, label);
  // The callback form ties the stages together (an error anywhere fails `verifier`; a reader that stops
  // early closes the descriptor) and returns at once.
  pipeline(
    new ContentStream(ctx, fd, stored, undefined),
    createDecryptStream(ctx.key!, { backend: BACKEND_NAME, label }),
    verifier,
    () => {},
  );
  return verifier;
}

/**
 * The plaintext of a version's stored bytes, decrypted and checked against the record.
 *
 * @throws `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ENCRYPTION`.
 */
export function verifiedPlain(ctx: StoreContext, record: FileRecord, stored: Buffer, label: string): Buffer {
  requireKeyFor(ctx, record, label);
  const plain = record.encrypted ? decryptBuffer(ctx.key!, stored, { backend: BACKEND_NAME, label }) : stored;
  const failure = checkBuffer(plain, record, label);
  if (failure) throw failure;
  return plain;
}

/** One verified buffer as a byte stream of one chunk (see {@link BufferStream}). */
function bufferStream(bytes: Buffer): Readable {
  return new BufferStream(bytes);
}

/** Rejects reading encrypted content without a key, or with another key than the one that wrote it. */
export function requireKeyFor(ctx: StoreContext, record: FileRecord, label: string): void {
  if (!record.encrypted) return;
  if (!ctx.key) {
    throw fileError("JOBSTORE_ENCRYPTION", `${label} is encrypted but no encryption key is configured`);
  }
  if (record.keyId !== undefined && record.keyId !== ctx.keyId) {
    throw fileError("JOBSTORE_ENCRYPTION", `${label} was encrypted with another key`);
  }
}
