import { randomUUID } from "node:crypto";
import { closeSync, createReadStream, openSync, renameSync, rmSync, write, writeSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { abortError, JobStoreError } from "./errors.js";

/**
 * A source opened by {@link openUrlSource}.
 *
 * @public
 */
export interface UrlSource {
  /** The bytes. */
  stream: Readable;
  /** Whether the source is an executable local file. */
  executable: boolean;
}

/**
 * Opens a `file:` or `http(s):` URL for reading: the generic import path, used when the backend has no
 * fast path for the scheme.
 *
 * @throws {@link JobStoreError} `JOBSTORE_NO_SUCH_FILE` (missing file, HTTP 404/410),
 * `JOBSTORE_UNAVAILABLE` (other HTTP failures), `JOBSTORE_NOT_SUPPORTED` (another scheme),
 * `JOBSTORE_ABORTED` (`signal` aborted).
 * @example
 * ```ts
 * const { stream } = await openUrlSource(new URL("https://example.org/input.txt"));
 * ```
 * @public
 */
export async function openUrlSource(url: URL, signal?: AbortSignal): Promise<UrlSource> {
  if (url.protocol === "file:") {
    const path = fileURLToPath(url);
    const info = await stat(path).catch((cause: unknown) => {
      throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `cannot import ${url.href}: no such file`, { cause });
    });
    if (!info.isFile())
      throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `cannot import ${url.href}: not a file`);
    return { stream: createReadStream(path), executable: (info.mode & 0o111) !== 0 };
  }
  if (url.protocol === "http:" || url.protocol === "https:") {
    const response = await fetch(url, signal ? { signal } : {}).catch((cause: unknown) => {
      // An abort is the caller's doing, not a network fault worth retrying.
      if (signal?.aborted) throw abortError(signal);
      throw new JobStoreError("JOBSTORE_UNAVAILABLE", `cannot import ${url.href}: ${String(cause)}`, {
        cause,
      });
    });
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      const missing = response.status === 404 || response.status === 410;
      throw new JobStoreError(
        missing ? "JOBSTORE_NO_SUCH_FILE" : "JOBSTORE_UNAVAILABLE",
        `cannot import ${url.href}: HTTP ${response.status}`,
        { retryable: response.status >= 500 || response.status === 429 },
      );
    }
    return {
      stream: Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
      executable: false,
    };
  }
  throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `cannot import from ${url.protocol} URLs (${url.href})`);
}

/** Chunks up to this size are written with one synchronous call: cheaper than a thread-pool round trip. */
const SYNC_WRITE_LIMIT = 1024 * 1024;

function writeChunk(fd: number, chunk: Buffer, position: number): Promise<number> | number {
  if (chunk.length <= SYNC_WRITE_LIMIT) return writeSync(fd, chunk, 0, chunk.length, position);
  return new Promise((resolve, reject) => {
    write(fd, chunk, 0, chunk.length, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`file content must be bytes or strings, got ${typeof chunk}`);
}

/**
 * Writes a stream to a local path atomically (temp file beside it, then rename), so a reader never sees
 * a half-written file.
 *
 * @remarks
 * No write stream in between: the temp file is opened once, each chunk is written with one call (a
 * synchronous one up to 1 MiB), then the file is closed and renamed; on failure the temp file is removed
 * and `source` destroyed.
 * @example
 * ```ts
 * await writeLocalFileAtomically("/tmp/out.bin", stream, false);
 * ```
 * @public
 */
export async function writeLocalFileAtomically(
  path: string,
  source: Readable,
  executable: boolean,
): Promise<void> {
  const temp = join(dirname(path), `.${randomUUID()}.partial`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx", executable ? 0o755 : 0o644);
    let position = 0;
    for await (const chunk of source) {
      const bytes = asBuffer(chunk);
      for (let done = 0; done < bytes.length; ) {
        const n = await writeChunk(fd, done === 0 ? bytes : bytes.subarray(done), position);
        done += n;
        position += n;
      }
    }
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (err) {
    source.destroy();
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
}

/**
 * Writes to a `file:` URL: the generic export path.
 *
 * @throws {@link JobStoreError} `JOBSTORE_NOT_SUPPORTED` for other schemes.
 * @example
 * ```ts
 * await writeUrlDestination(new URL("file:///tmp/result.txt"), stream, false);
 * ```
 * @public
 */
export async function writeUrlDestination(url: URL, source: Readable, executable: boolean): Promise<void> {
  if (url.protocol !== "file:") {
    source.destroy();
    throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `cannot export to ${url.protocol} URLs (${url.href})`);
  }
  await writeLocalFileAtomically(fileURLToPath(url), source, executable);
}
