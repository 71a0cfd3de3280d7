import { randomUUID } from "node:crypto";
import { closeSync, openSync, renameSync, rmSync, write, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";

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
 * Writes a stream or a whole buffer to a local path atomically (temp file beside it, mode 0755 or 0644
 * less the umask, then rename), so a reader never sees a half-written file and a failed write leaves
 * `path` as it was.
 *
 * @remarks
 * No write stream in between: the temp file is opened once, each chunk is written with one call (a
 * synchronous one up to 1 MiB), then the file is closed and renamed; on failure the temp file is removed
 * and a stream `source` destroyed.
 * @throws the file system's error (e.g. `ENOENT` for a missing directory), or the source stream's.
 * @example
 * ```ts
 * await writeLocalFileAtomically("/tmp/out.bin", stream, false);
 * await writeLocalFileAtomically("/tmp/small.txt", Buffer.from("hello"), false);
 * ```
 * @public
 */
export async function writeLocalFileAtomically(
  path: string,
  source: Readable | Uint8Array,
  executable: boolean,
): Promise<void> {
  const temp = join(dirname(path), `.${randomUUID()}.partial`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, "wx", executable ? 0o755 : 0o644);
    let position = 0;
    for await (const chunk of source instanceof Uint8Array ? [source] : source) {
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
    if (!(source instanceof Uint8Array)) source.destroy();
    if (fd !== undefined) closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
}
