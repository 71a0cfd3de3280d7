import { closeSync, fstatSync, openSync, read, readSync } from "node:fs";

/**
 * Up to this size a local file is read with synchronous calls: a few system calls cost less
 * than the thread-pool round trips of the asynchronous ones, and block the event loop for well under a
 * millisecond. Larger files go through the thread pool, still as one call on one whole buffer.
 */
const SYNC_LIMIT = 1024 * 1024;
/** Growth step when a file turns out longer than `fstat` said (a file being appended to, `/proc`). */
const TAIL_CHUNK = 64 * 1024;

/**
 * One read of `buffer.length - offset` bytes at `position` into `buffer` from `offset`: synchronous up to
 * {@link SYNC_LIMIT}, through the thread pool above it. Returns the bytes read (0 at end of file).
 */
export function readAt(
  fd: number,
  buffer: Buffer,
  offset: number,
  position: number,
): Promise<number> | number {
  if (buffer.length <= SYNC_LIMIT) return readSync(fd, buffer, offset, buffer.length - offset, position);
  return new Promise((resolve, reject) => {
    read(fd, buffer, offset, buffer.length - offset, position, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

/** Fills `buffer` from `position` on; returns how many bytes the file had (fewer at end of file). */
export async function fill(fd: number, buffer: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < buffer.length) {
    const n = await readAt(fd, buffer, done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Reads a whole local file into one buffer: open, fstat, one read of the stated size, close (plus reads
 * of whatever lies past the stated size, so a growing file or a `/proc` file is read to its end).
 */
export async function readLocalFile(path: string): Promise<Buffer> {
  const fd = openSync(path, "r");
  try {
    // One byte more than stated: for a regular file a short read is the end, so one read suffices.
    const first = Buffer.allocUnsafe(fstatSync(fd).size + 1);
    const got = await readAt(fd, first, 0, 0);
    if (got < first.length) return first.subarray(0, got);
    const parts = [first];
    let total = got;
    for (;;) {
      const chunk = Buffer.allocUnsafe(TAIL_CHUNK);
      const n = await fill(fd, chunk, total);
      if (n === 0) break;
      parts.push(chunk.subarray(0, n));
      total += n;
      if (n < chunk.length) break;
    }
    return Buffer.concat(parts, total);
  } finally {
    closeSync(fd);
  }
}
