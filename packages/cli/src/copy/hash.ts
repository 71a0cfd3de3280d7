import { createHash, type Hash } from "node:crypto";
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { nextTurn } from "../next-turn.js";

/**
 * The SHA-256 (lowercase hex) of everything a stream yields; destroys the stream on failure.
 *
 * @example
 * ```ts
 * const digest = await sha256OfStream(await store.readFileStream(fileId));
 * ```
 * @public
 */
export async function sha256OfStream(stream: Readable): Promise<string> {
  const hash = createHash("sha256");
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await nextTurn();
    }
  } finally {
    stream.destroy();
  }
  return hash.digest("hex");
}

/**
 * A pass-through stream that feeds a hash and reports each chunk's size, passing each chunk on at the
 * event loop's next turn (see {@link nextTurn}).
 *
 * @example
 * ```ts
 * const hash = createHash("sha256");
 * await pipeline(source, hashingTap(hash, (n) => bar.increment(n)), destination);
 * ```
 * @public
 */
export function hashingTap(hash: Hash, onBytes: (bytes: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      onBytes(chunk.length);
      setImmediate(callback, null, chunk);
    },
  });
}
