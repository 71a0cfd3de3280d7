import type { Writable } from "node:stream";
import { writeChunk } from "../write-chunk.js";

/**
 * File content described by its size and a seed rather than by its bytes, so that a shrunk command
 * list stays short to print and multi-megabyte payloads cost nothing until a command runs.
 *
 * @public
 */
export interface Payload {
  /** The content length in bytes. */
  readonly size: number;
  /** Seeds the pseudo-random bytes. */
  readonly seed: number;
  /** How many `write` calls a stream write splits the content into (at least 1). */
  readonly pieces: number;
}

/**
 * The bytes a payload stands for: deterministic, incompressible-looking, cheap to make.
 *
 * @example
 * ```ts
 * const bytes = payloadBytes({ size: 257, seed: 1, pieces: 2 });
 * ```
 * @public
 */
export function payloadBytes(payload: Payload): Buffer {
  const bytes = Buffer.allocUnsafe(payload.size);
  // xorshift32: a seed of 0 would stay 0 forever.
  let x = (payload.seed | 0) ^ 0x9e3779b9 || 1;
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes.writeInt32LE(x | 0, i);
  }
  for (; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/**
 * Printable ASCII of a given length from a seed (job padding that survives a JSON round trip as is).
 *
 * @example
 * ```ts
 * const padding = paddingText(768, 7);
 * ```
 * @public
 */
export function paddingText(length: number, seed: number): string {
  const bytes = payloadBytes({ size: length, seed, pieces: 1 });
  for (let i = 0; i < bytes.length; i++) bytes[i] = 0x21 + ((bytes[i] ?? 0) % 90);
  // `"` and `\` would be escaped by JSON and change the encoded size.
  return bytes.toString("latin1").replaceAll('"', "x").replaceAll("\\", "y");
}

/**
 * Writes `bytes` into a writable in `pieces` uneven `write` calls, respecting backpressure.
 *
 * @example
 * ```ts
 * await store.writeFileStream((w) => writePieces(w, bytes, 3));
 * ```
 * @public
 */
export async function writePieces(writable: Writable, bytes: Uint8Array, pieces: number): Promise<void> {
  const count = Math.max(1, Math.min(pieces, bytes.length));
  let offset = 0;
  for (let k = 1; k <= count; k++) {
    // Uneven on purpose: the first pieces are smaller, so no piece lines up with a part boundary.
    const end = k === count ? bytes.length : Math.floor((bytes.length * k * k) / (count * count));
    if (end > offset) await writeChunk(writable, bytes.subarray(offset, end));
    offset = Math.max(offset, end);
  }
}

/**
 * A short description for command lists: `257B#12/3` is 257 bytes from seed 12 in 3 writes.
 *
 * @example
 * ```ts
 * describePayload({ size: 257, seed: 12, pieces: 3 }); // "257B#12/3"
 * ```
 * @public
 */
export function describePayload(payload: Payload): string {
  return `${payload.size}B#${payload.seed}/${payload.pieces}`;
}
