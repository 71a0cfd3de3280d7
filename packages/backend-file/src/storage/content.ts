import { constants } from "node:fs";
import { dirname } from "node:path";
import type { Readable } from "node:stream";
import { abortError, ENCRYPTION_OVERHEAD, GcmEncryptor } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { BACKEND_NAME, isMissing } from "../errors.js";
import { ContentDigest, type ContentSums } from "./checksum.js";
import { removeQuietly, syncDir, writeAll, writeTemp } from "./io.js";
import { maybeYield } from "./yield.js";

/**
 * Content written in full, not yet part of any file: in a temp file of the store, or (when small enough to
 * live inside its record) in `body`, with no file at all.
 */
export interface Staged extends ContentSums {
  temp?: string;
  /** The stored bytes (ciphertext when encrypted) of content kept for its record; no temp file exists. */
  body?: Buffer;
  /** The mode a file of this content gets (hard-linked reads show it): 0o755 for executables. */
  mode?: number;
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

/**
 * Content being staged: plaintext in, hashed, encrypted when asked, gathered in batches. The temp file is
 * opened only when the content outgrows `inlineLimit`, so small content never makes a file of its own.
 */
class TempWriter {
  readonly digest = new ContentDigest();
  readonly #encryptor: GcmEncryptor | undefined;
  #batch: Buffer[] = [];
  #batchBytes = 0;
  fd: number | undefined;
  temp: string | undefined;

  constructor(
    readonly ctx: StoreContext,
    encrypt: boolean,
    readonly mode: number,
    readonly inlineLimit: number,
  ) {
    this.#encryptor = encrypt && ctx.key ? new GcmEncryptor(ctx.key, { backend: BACKEND_NAME }) : undefined;
  }

  async add(plain: Buffer): Promise<void> {
    this.digest.update(plain);
    if (this.#encryptor) this.#encryptor.update(plain, this.#gather);
    else this.#gather(plain);
    if (this.#batchBytes >= WRITE_BATCH) await this.#flush();
  }

  readonly #gather = (stored: Buffer): void => {
    this.#batch.push(stored);
    this.#batchBytes += stored.length;
  };

  /** Finishes the content: its sums, and its stored bytes when they stay inline (no temp file was made). */
  async finish(): Promise<ContentSums & { body?: Buffer }> {
    this.#encryptor?.final(this.#gather);
    if (this.fd === undefined && this.#batchBytes <= this.inlineLimit) {
      const body = this.#batch.length === 1 ? this.#batch[0]! : Buffer.concat(this.#batch, this.#batchBytes);
      return { ...this.digest.digest(), body };
    }
    await this.#flush();
    if (this.ctx.sync) await this.ctx.fs.fsync(this.fd!);
    return this.digest.digest();
  }

  async #flush(): Promise<void> {
    if (this.fd === undefined) {
      const temp = this.ctx.layout.temp();
      this.fd = await this.ctx.fs.open(temp, "wx", this.mode);
      this.temp = temp;
    }
    if (this.#batchBytes === 0) return;
    const parts = this.#batch;
    this.#batch = [];
    this.#batchBytes = 0;
    await writeAll(this.ctx.fs, this.fd, parts);
  }
}

/**
 * Lets `fill` write content through a {@link TempWriter}; content up to `inlineLimit` stored bytes stays
 * in memory, larger content goes to a temp file that is removed again on any failure.
 */
async function withTemp(
  ctx: StoreContext,
  executable: boolean,
  encrypt: boolean,
  inline: boolean,
  fill: (writer: TempWriter) => Promise<void>,
): Promise<Staged> {
  const encrypted = encrypt && ctx.key !== undefined;
  const limit = inline && ctx.inlineLimit > 0 ? ctx.inlineLimit + (encrypted ? ENCRYPTION_OVERHEAD : 0) : -1;
  const writer = new TempWriter(ctx, encrypt, executable ? 0o755 : 0o644, limit);
  let sums: ContentSums & { body?: Buffer };
  try {
    await fill(writer);
    sums = await writer.finish();
  } catch (err) {
    if (writer.fd !== undefined) await ctx.fs.close(writer.fd).catch(() => {});
    if (writer.temp) await removeQuietly(ctx.fs, writer.temp);
    throw err;
  }
  if (writer.fd === undefined) return { ...sums, encrypted, mode: writer.mode };
  try {
    await ctx.fs.close(writer.fd);
  } catch (err) {
    await removeQuietly(ctx.fs, writer.temp!);
    throw err;
  }
  return { temp: writer.temp!, ...sums, encrypted };
}

/**
 * Streams `source` into a temp file of the store (hashing it, and encrypting it when `encrypt`). Nothing
 * is visible until the caller installs a record; on failure the temp file is gone and the error thrown.
 *
 * @throws `JOBSTORE_ABORTED` when `signal` fires; the source's own error when it fails.
 */
export async function stageStream(
  ctx: StoreContext,
  source: Readable,
  encrypt: boolean,
  executable: boolean,
  signal: AbortSignal | undefined,
  inline = true,
): Promise<Staged> {
  return withTemp(ctx, executable, encrypt, inline, async (writer) => {
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
  ctx: StoreContext,
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
  ctx: StoreContext,
  localPath: string,
  encrypt: boolean,
  executable: boolean,
  signal: AbortSignal | undefined,
  inline = true,
): Promise<Staged> {
  const fd = await ctx.fs.open(localPath, "r");
  try {
    const head = await readHead(ctx, fd, Math.min((await ctx.fs.fstat(fd)).size, SMALL_FILE));
    // The size was a hint (the file may be growing): the read reaching the end is what decides.
    if (head.complete) return await withTemp(ctx, executable, encrypt, inline, (writer) => writer.add(head));
    if (encrypt && ctx.key) {
      return await withTemp(ctx, executable, true, false, async (writer) => {
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

async function syncFile(ctx: StoreContext, path: string): Promise<void> {
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
async function readHead(
  ctx: StoreContext,
  fd: number,
  expected: number,
): Promise<Buffer & { complete: boolean }> {
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
export async function placeContent(ctx: StoreContext, staged: Staged, dest: string): Promise<void> {
  if (staged.body) await toTempFile(ctx, staged);
  const temp = staged.temp!;
  try {
    try {
      await ctx.fs.rename(temp, dest);
    } catch (err) {
      if (!isMissing(err)) throw err;
      await ctx.fs.mkdir(dirname(dest), true);
      await ctx.fs.rename(temp, dest);
    }
    if (ctx.sync) await syncDir(ctx.fs, dirname(dest));
  } catch (err) {
    await removeQuietly(ctx.fs, temp);
    throw err;
  }
}

/** Moves inline staged content into a temp file of its own (for a version that cannot be inline). */
async function toTempFile(ctx: StoreContext, staged: Staged): Promise<void> {
  staged.temp = await writeTemp(ctx, staged.body!, staged.mode ?? 0o644);
  staged.body = undefined;
}

/**
 * Puts the inline content of version `record` into the content file `dest` (temp file, then rename):
 * for what needs a path of its own (a symbolic link, a public URL). Versions are immutable, so racing
 * callers write the same bytes and either rename wins.
 */
export async function materialize(
  ctx: StoreContext,
  body: Buffer,
  dest: string,
  executable: boolean,
): Promise<void> {
  await placeContent(ctx, { body, mode: executable ? 0o755 : 0o644, size: 0, encrypted: false }, dest);
}
