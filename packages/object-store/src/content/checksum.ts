import { createHash, type Hash, hash } from "node:crypto";

/**
 * Counts and hashes (SHA-256) plaintext as it passes, for the `checksum` and `size` attributes.
 *
 * @example
 * ```ts
 * const tap = new ChecksumTap();
 * tap.update(chunk);
 * const { checksum, size } = tap.digest();
 * ```
 * @internal
 */
export class ChecksumTap {
  readonly #hash: Hash = createHash("sha256");
  #size = 0;

  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
    this.#size += chunk.length;
  }

  /** The lowercase hex SHA-256 and the byte count; call once, after the last chunk. */
  digest(): { checksum: string; size: number } {
    return { checksum: this.#hash.digest("hex"), size: this.#size };
  }
}

/**
 * The lowercase hex SHA-256 of a buffer.
 *
 * @example
 * ```ts
 * sha256Hex(Buffer.alloc(0)); // "e3b0c442…b855"
 * ```
 * @internal
 */
export function sha256Hex(data: Uint8Array): string {
  // One-shot: no Hash object per small write (~1-2 µs of the inline write path).
  return hash("sha256", data, "hex");
}
