import { createHash, type Hash, hash } from "node:crypto";

/**
 * Counts and hashes (SHA-256) plaintext as it passes: what a backend records of content it writes (the
 * `checksum` a listing reports) and compares when it reads the content back.
 *
 * @example
 * ```ts
 * const tap = new ChecksumTap();
 * tap.update(chunk);
 * const { checksum, size } = tap.digest(); // lowercase hex SHA-256, byte count
 * ```
 * @public
 */
export class ChecksumTap {
  readonly #hash: Hash = createHash("sha256");
  #size = 0;

  /** Adds the next plaintext bytes. */
  update(chunk: Uint8Array): void {
    this.#hash.update(chunk);
    this.#size += chunk.byteLength;
  }

  /** The lowercase hex SHA-256 and the byte count; call once, after the last chunk. */
  digest(): { checksum: string; size: number } {
    return { checksum: this.#hash.digest("hex"), size: this.#size };
  }
}

/**
 * The lowercase hex SHA-256 of a buffer, in one call (no `Hash` object: it is measurable on small
 * writes). Equal to a {@link ChecksumTap}'s `checksum` over the same bytes.
 *
 * @example
 * ```ts
 * sha256Hex(Buffer.alloc(0)); // "e3b0c442…b855"
 * ```
 * @public
 */
export function sha256Hex(data: Uint8Array): string {
  return hash("sha256", data, "hex");
}
