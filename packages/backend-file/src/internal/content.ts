import { createHash, type Hash } from "node:crypto";
import { constants } from "node:fs";
import { dirname } from "node:path";
import { pipeline, Readable } from "node:stream";
import { abortError } from "@jobstore/core";
import { createDecryptStream, decryptBuffer, GcmEncryptor } from "./aes-gcm.js";
import { createVerifier } from "./checksum.js";
import { fileError, isMissing } from "./errors.js";
import { type Ctx, removeQuietly, syncDir, writeAll } from "./io.js";
import type { FileRecord } from "./records.js";

/** Content written in full to a temp file of the store, not yet part of any file. */
export interface Staged {
  temp: string;
  size: number;
  sha256: string;
  encrypted: boolean;
}

// Writes are gathered up to this size: a source of many small chunks still costs few system calls.
const WRITE_BATCH = 1024 * 1024;
// Local files and content versions up to this size are read whole in one call; larger ones stream (or
// are copied by the kernel).
const SMALL_FILE = 1024 * 1024;
// The block size of streamed reads.
const READ_BLOCK = 1024 * 1024;
const IV_AND_TAG = 28;

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`file content must be bytes or strings, got ${typeof chunk}`);
}

/** A temp file being filled: plaintext in, hashed, encrypted when asked, written in batches. */
class TempWriter {
  readonly hash = createHash("sha256");
  size = 0;
  readonly #encryptor: GcmEncryptor | undefined;
  #batch: Buffer[] = [];
  #batchBytes = 0;

  constructor(
    readonly ctx: Ctx,
    readonly fd: number,
    encrypt: boolean,
  ) {
    this.#encryptor = encrypt && ctx.key ? new GcmEncryptor(ctx.key) : undefined;
  }

  async add(plain: Buffer): Promise<void> {
    this.hash.update(plain);
    this.size += plain.length;
    const stored = this.#encryptor ? this.#encryptor.update(plain) : plain;
    this.#batch.push(stored);
    this.#batchBytes += stored.length;
    if (this.#batchBytes >= WRITE_BATCH) await this.#flush();
  }

  async finish(): Promise<string> {
    if (this.#encryptor) {
      const tail = this.#encryptor.final();
      this.#batch.push(tail);
      this.#batchBytes += tail.length;
    }
    await this.#flush();
    if (this.ctx.sync) await this.ctx.fs.fsync(this.fd);
    return this.hash.digest("hex");
  }

  async #flush(): Promise<void> {
    if (this.#batchBytes === 0) return;
    const data = this.#batch.length === 1 ? this.#batch[0]! : Buffer.concat(this.#batch, this.#batchBytes);
    this.#batch = [];
    this.#batchBytes = 0;
    await writeAll(this.ctx.fs, this.fd, data);
  }
}

/** Opens a fresh temp file, lets `fill` write it, and removes it again on any failure. */
async function withTemp(
  ctx: Ctx,
  executable: boolean,
  encrypt: boolean,
  fill: (writer: TempWriter) => Promise<void>,
): Promise<Staged> {
  const temp = ctx.layout.temp();
  const fd = await ctx.fs.open(temp, "wx", executable ? 0o755 : 0o644);
  const writer = new TempWriter(ctx, fd, encrypt);
  let sha256: string;
  try {
    await fill(writer);
    sha256 = await writer.finish();
  } catch (err) {
    await ctx.fs.close(fd).catch(() => {});
    await removeQuietly(ctx.fs, temp);
    throw err;
  }
  try {
    await ctx.fs.close(fd);
  } catch (err) {
    await removeQuietly(ctx.fs, temp);
    throw err;
  }
  return { temp, size: writer.size, sha256, encrypted: encrypt && ctx.key !== undefined };
}

/**
 * Streams `source` into a temp file of the store (hashing it, and encrypting it when `encrypt`). Nothing
 * is visible until the caller installs a record; on failure the temp file is gone and the error thrown.
 *
 * @throws `JOBSTORE_ABORTED` when `signal` fires; the source's own error when it fails.
 */
export async function stageStream(
  ctx: Ctx,
  source: Readable,
  encrypt: boolean,
  executable: boolean,
  signal: AbortSignal | undefined,
): Promise<Staged> {
  return withTemp(ctx, executable, encrypt, async (writer) => {
    for await (const chunk of source) {
      if (signal?.aborted) throw abortError(signal);
      await writer.add(asBuffer(chunk));
    }
    if (signal?.aborted) throw abortError(signal);
  });
}

/**
 * Hashes what is left of an open file from `offset` on, in 1 MiB blocks read through the injected file
 * system (direct reads by default: the hashing runs beside a kernel copy on the thread pool).
 */
export async function hashRest(
  ctx: Ctx,
  fd: number,
  hash: Hash,
  offset: number,
  signal?: AbortSignal,
): Promise<number> {
  const block = Buffer.allocUnsafe(READ_BLOCK);
  let position = offset;
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    const n = await ctx.fs.read(fd, block, 0, block.length, position);
    if (n === 0) return position;
    hash.update(n < block.length ? block.subarray(0, n) : block);
    position += n;
  }
}

/**
 * Stages a local regular file. Small files are read whole; larger unencrypted ones are copied by the
 * kernel (a reflink where the file system can) while the same bytes are hashed from the page cache.
 */
export async function stagePath(
  ctx: Ctx,
  localPath: string,
  encrypt: boolean,
  executable: boolean,
  signal: AbortSignal | undefined,
): Promise<Staged> {
  const fd = await ctx.fs.open(localPath, "r");
  try {
    const head = await readHead(ctx, fd, SMALL_FILE);
    if (head.length <= SMALL_FILE)
      return await withTemp(ctx, executable, encrypt, (writer) => writer.add(head));
    if (encrypt && ctx.key) {
      return await withTemp(ctx, executable, true, async (writer) => {
        await writer.add(head);
        const block = Buffer.allocUnsafe(READ_BLOCK);
        for (let position = head.length; ; ) {
          if (signal?.aborted) throw abortError(signal);
          const n = await ctx.fs.read(fd, block, 0, block.length, position);
          if (n === 0) return;
          // `add` keeps its argument until the batch is written: give it bytes of its own.
          await writer.add(Buffer.from(block.subarray(0, n)));
          position += n;
        }
      });
    }
    const temp = ctx.layout.temp();
    const hash = createHash("sha256").update(head);
    let size = 0;
    try {
      [, size] = await Promise.all([
        ctx.fs.copyFile(localPath, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE),
        hashRest(ctx, fd, hash, head.length, signal),
      ]);
      if (ctx.sync) await syncFile(ctx, temp);
    } catch (err) {
      await removeQuietly(ctx.fs, temp);
      throw err;
    }
    return { temp, size, sha256: hash.digest("hex"), encrypted: false };
  } finally {
    await ctx.fs.close(fd);
  }
}

async function syncFile(ctx: Ctx, path: string): Promise<void> {
  const fd = await ctx.fs.open(path, "r");
  try {
    await ctx.fs.fsync(fd);
  } finally {
    await ctx.fs.close(fd);
  }
}

/** The first `limit + 1` bytes of an open file (fewer when it is shorter). */
async function readHead(ctx: Ctx, fd: number, limit: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(limit + 1);
  let length = 0;
  for (;;) {
    const n = await ctx.fs.read(fd, buffer, length, buffer.length - length, length);
    length += n;
    if (n === 0 || length === buffer.length) break;
  }
  return buffer.subarray(0, length);
}

/**
 * Renames staged content to its final, immutable name. A cleanup file's job directory is made on first
 * use (the rename says `ENOENT`), so the common case costs one call.
 */
export async function placeContent(ctx: Ctx, staged: Staged, dest: string): Promise<void> {
  try {
    try {
      await ctx.fs.rename(staged.temp, dest);
    } catch (err) {
      if (!isMissing(err)) throw err;
      await ctx.fs.mkdir(dirname(dest), true);
      await ctx.fs.rename(staged.temp, dest);
    }
    if (ctx.sync) await syncDir(ctx.fs, dirname(dest));
  } catch (err) {
    await removeQuietly(ctx.fs, staged.temp);
    throw err;
  }
}

/** A content version's bytes, read in blocks through the injected file system, closed at the end. */
class ContentStream extends Readable {
  #position = 0;
  #closed = false;

  constructor(
    readonly ctx: Ctx,
    readonly fd: number,
    readonly length: number,
    readonly verify: { sha256: string; size: number; label: string } | undefined,
    readonly hash = verify ? createHash("sha256") : undefined,
  ) {
    super({ highWaterMark: READ_BLOCK });
  }

  override _read(): void {
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
        this.hash?.update(chunk);
        this.push(chunk);
      },
      (err: unknown) => this.destroy(err as Error),
    );
  }

  #finish(): void {
    if (this.verify && this.hash) {
      const actual = this.hash.digest("hex");
      if (this.#position !== this.verify.size || actual !== this.verify.sha256) {
        this.destroy(mismatch(this.verify.label, this.#position, actual, this.verify));
        return;
      }
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

function mismatch(label: string, size: number, sha256: string, expected: { sha256: string; size: number }) {
  return fileError(
    "JOBSTORE_CHECKSUM_MISMATCH",
    `${label}: read ${size} bytes with SHA-256 ${sha256}, recorded ${expected.size} bytes with ${expected.sha256}`,
  );
}

/** Reads exactly `length` bytes at offset 0 (fewer when the file is shorter). */
export async function readExactly(ctx: Ctx, fd: number, length: number): Promise<Buffer> {
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
  ctx: Ctx,
  record: FileRecord,
  path: string,
  label: string,
): Promise<Readable> {
  requireKeyFor(ctx, record, label);
  const fd = await ctx.fs.open(path, "r");
  const stored = record.size + (record.encrypted ? IV_AND_TAG : 0);
  if (stored <= SMALL_FILE) {
    let bytes: Buffer;
    try {
      bytes = await readExactly(ctx, fd, stored);
    } finally {
      await ctx.fs.close(fd);
    }
    const plain = record.encrypted ? decryptBuffer(ctx.key!, bytes, label) : bytes;
    const sha256 = createHash("sha256").update(plain).digest("hex");
    if (plain.length !== record.size || sha256 !== record.sha256)
      throw mismatch(label, plain.length, sha256, record);
    return Readable.from(plain.length > 0 ? [plain] : [], { objectMode: false });
  }
  if (!record.encrypted) return new ContentStream(ctx, fd, stored, { ...record, label });
  const verifier = createVerifier(record.sha256, record.size, label);
  // The callback form ties the stages together (an error anywhere fails `verifier`; a reader that stops
  // early closes the descriptor) and returns at once.
  pipeline(
    new ContentStream(ctx, fd, stored, undefined),
    createDecryptStream(ctx.key!, label),
    verifier,
    () => {},
  );
  return verifier;
}

/** Rejects reading encrypted content without a key, or with another key than the one that wrote it. */
export function requireKeyFor(ctx: Ctx, record: FileRecord, label: string): void {
  if (!record.encrypted) return;
  if (!ctx.key) {
    throw fileError("JOBSTORE_ENCRYPTION", `${label} is encrypted but no encryption key is configured`);
  }
  if (record.keyId !== undefined && record.keyId !== ctx.keyId) {
    throw fileError("JOBSTORE_ENCRYPTION", `${label} was encrypted with another key`);
  }
}
