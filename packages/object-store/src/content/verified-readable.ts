import { Readable } from "node:stream";
import { ChecksumTap, GcmDecryptor, JobStoreError } from "@jobstore/core";
import { toJobStoreError } from "../errors.js";

// Plaintext held for a slow reader before the stored stream is paused: enough to batch socket reads
// (64 KiB each), far from whole-file buffering.
const HIGH_WATER_MARK = 1024 * 1024;

/**
 * One stream stage from stored bytes to verified plaintext: decrypts (when `key` is given), hashes and
 * counts the plaintext as it passes, and at the end errors with `JOBSTORE_CHECKSUM_MISMATCH` unless the
 * SHA-256 and size are the recorded ones. Replaces a pipeline of decrypt Transform, verify Transform and
 * PassThrough (three hand-overs per chunk, each with its own buffer and callbacks) on the read path.
 *
 * @remarks Backpressure: `stored` is paused while this stream's buffer is full and resumed on `_read`.
 * Destroying this stream destroys `stored` (freeing its connection). An empty `checksum` skips the hash
 * comparison; the size is still checked. Errors of `stored` are mapped with `toJobStoreError`.
 * @example
 * ```ts
 * const plain = new VerifiedReadable(body, undefined, record.checksum, record.size, "file 1234", "s3");
 * ```
 * @internal
 */
export class VerifiedReadable extends Readable {
  readonly #stored: Readable;
  readonly #tap = new ChecksumTap();
  readonly #decryptor: GcmDecryptor | undefined;
  readonly #checksum: string;
  readonly #size: number;
  readonly #label: string;
  readonly #backend: string;

  constructor(
    stored: Readable,
    key: Uint8Array | undefined,
    checksum: string,
    size: number,
    label: string,
    backend: string,
  ) {
    super({ highWaterMark: HIGH_WATER_MARK });
    this.#stored = stored;
    this.#decryptor = key ? new GcmDecryptor(key, { backend, label }) : undefined;
    this.#checksum = checksum;
    this.#size = size;
    this.#label = label;
    this.#backend = backend;
    stored.on("data", (chunk: Buffer) => this.#pass(chunk));
    stored.once("end", () => this.#finish());
    stored.once("error", (err) => this.destroy(toJobStoreError(err, `read ${label}`, backend)));
    stored.pause();
  }

  override _read(): void {
    this.#stored.resume();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    if (!this.#stored.destroyed) this.#stored.destroy();
    done(err);
  }

  #pass(stored: Buffer): void {
    if (this.destroyed) return;
    try {
      if (this.#decryptor) this.#decryptor.update(stored, this.#emit);
      else this.#emit(stored);
    } catch (err) {
      this.destroy(err as Error);
    }
  }

  readonly #emit = (plain: Buffer): void => {
    if (plain.length === 0) return;
    this.#tap.update(plain);
    if (!this.push(plain)) this.#stored.pause();
  };

  #finish(): void {
    if (this.destroyed) return;
    try {
      this.#decryptor?.final(this.#emit);
    } catch (err) {
      this.destroy(err as Error);
      return;
    }
    const { checksum, size } = this.#tap.digest();
    if (size !== this.#size || (this.#checksum !== "" && checksum !== this.#checksum)) {
      this.destroy(
        new JobStoreError(
          "JOBSTORE_CHECKSUM_MISMATCH",
          `${this.#label}: content has ${size} bytes with SHA-256 ${checksum}, expected ${this.#size} bytes with ${this.#checksum || "any checksum"}`,
          { backend: this.#backend },
        ),
      );
      return;
    }
    this.push(null);
  }
}
