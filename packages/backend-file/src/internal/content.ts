import { constants } from "node:fs";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { abortError } from "@jobstore/core";
import { GcmEncryptor } from "./aes-gcm.js";
import { ContentDigest, type ContentSums } from "./checksum.js";
import { isMissing } from "./errors.js";
import { type Ctx, removeQuietly, syncDir, writeAll } from "./io.js";
import { maybeYield } from "./yield.js";

/** Content written in full to a temp file of the store, not yet part of any file. */
export interface Staged extends ContentSums {
  temp: string;
  encrypted: boolean;
}

// Writes are gathered up to this size: a source of many small chunks still costs few system calls.
const WRITE_BATCH = 1024 * 1024;
// Local files and content versions up to this size are read whole in one call; larger ones stream (or
// are copied by the kernel).
const SMALL_FILE = 1024 * 1024;
// The block size of streamed reads.
const READ_BLOCK = 1024 * 1024;

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`file content must be bytes or strings, got ${typeof chunk}`);
}

/** A temp file being filled: plaintext in, hashed, encrypted when asked, written in batches. */
class TempWriter {
  readonly digest = new ContentDigest();
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
    this.digest.update(plain);
    const stored = this.#encryptor ? this.#encryptor.update(plain) : plain;
    this.#batch.push(stored);
    this.#batchBytes += stored.length;
    if (this.#batchBytes >= WRITE_BATCH) await this.#flush();
  }

  async finish(): Promise<ContentSums> {
    if (this.#encryptor) {
      const tail = this.#encryptor.final();
      this.#batch.push(tail);
      this.#batchBytes += tail.length;
    }
    await this.#flush();
    if (this.ctx.sync) await this.ctx.fs.fsync(this.fd);
    return this.digest.digest();
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
  let sums: ContentSums;
  try {
    await fill(writer);
    sums = await writer.finish();
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
  return { temp, ...sums, encrypted: encrypt && ctx.key !== undefined };
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
  hash: { update(chunk: Buffer): void },
  offset: number,
  signal?: AbortSignal,
): Promise<number> {
  const block = Buffer.allocUnsafe(READ_BLOCK);
  let position = offset;
  for (;;) {
    if (signal?.aborted) throw abortError(signal);
    await maybeYield();
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
    const head = await readHead(ctx, fd, Math.min((await ctx.fs.fstat(fd)).size, SMALL_FILE));
    // The size was a hint (the file may be growing): the read reaching the end is what decides.
    if (head.complete) return await withTemp(ctx, executable, encrypt, (writer) => writer.add(head));
    if (encrypt && ctx.key) {
      return await withTemp(ctx, executable, true, async (writer) => {
        await writer.add(head);
        const block = Buffer.allocUnsafe(READ_BLOCK);
        for (let position = head.length; ; ) {
          if (signal?.aborted) throw abortError(signal);
          await maybeYield();
          const n = await ctx.fs.read(fd, block, 0, block.length, position);
          if (n === 0) return;
          // `add` keeps its argument until the batch is written: give it bytes of its own.
          await writer.add(Buffer.from(block.subarray(0, n)));
          position += n;
        }
      });
    }
    const temp = ctx.layout.temp();
    const digest = new ContentDigest();
    digest.update(head);
    try {
      await Promise.all([
        ctx.fs.copyFile(localPath, temp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE),
        hashRest(ctx, fd, digest, head.length, signal),
      ]);
      if (ctx.sync) await syncFile(ctx, temp);
    } catch (err) {
      await removeQuietly(ctx.fs, temp);
      throw err;
    }
    return { temp, ...digest.digest(), encrypted: false };
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

/**
 * The first bytes of an open file, up to `expected + 1` (one more than its size: a short read is the end
 * of a regular file, so the end is seen without a further call), marked `complete` when the end was
 * reached.
 */
async function readHead(ctx: Ctx, fd: number, expected: number): Promise<Buffer & { complete: boolean }> {
  const buffer = Buffer.allocUnsafe(expected + 1);
  let length = 0;
  let complete = false;
  while (length < buffer.length) {
    const asked = buffer.length - length;
    const n = await ctx.fs.read(fd, buffer, length, asked, length);
    length += n;
    if (n < asked) {
      complete = true;
      break;
    }
  }
  return Object.assign(buffer.subarray(0, length), { complete });
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
