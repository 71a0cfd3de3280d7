import { createHash, type Hash, hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { JobStoreError } from "@jobstore/core";
import { BACKEND_NAME } from "../map-error.js";

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

/**
 * A pass-through Transform that hashes the plaintext and, at its end, errors with
 * `JOBSTORE_CHECKSUM_MISMATCH` (naming `label`) unless the SHA-256 and the byte count are the recorded ones.
 *
 * @remarks An empty `expectedChecksum` skips the hash comparison (content recorded without one); the size
 * is still checked.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CHECKSUM_MISMATCH`, as a stream error.
 * @example
 * ```ts
 * const verified = pipeline(plain, createChecksumVerifier(record.checksum, record.size, "file 1234"), () => {});
 * ```
 * @internal
 */
export function createChecksumVerifier(
  expectedChecksum: string,
  expectedSize: number,
  label: string,
): Transform {
  const tap = new ChecksumTap();
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      tap.update(chunk);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      const { checksum, size } = tap.digest();
      if (size !== expectedSize || (expectedChecksum !== "" && checksum !== expectedChecksum)) {
        done(
          new JobStoreError(
            "JOBSTORE_CHECKSUM_MISMATCH",
            `${label}: content has ${size} bytes with SHA-256 ${checksum}, expected ${expectedSize} bytes with ${expectedChecksum || "any checksum"}`,
            { backend: BACKEND_NAME },
          ),
        );
        return;
      }
      done();
    },
  });
}
