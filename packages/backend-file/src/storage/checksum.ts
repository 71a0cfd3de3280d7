import { createHash, type Hash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import type { JobStoreError } from "@jobstore/core";
import { fileError } from "../errors.js";
import { crc32 } from "./crc32.js";

/** What a content version records of its plaintext. */
export interface ContentSums {
  size: number;
  /**
   * SHA-256, lowercase hex: recorded only where no CRC-32 can be computed (then reads verify it). It was
   * ~40% of a large write's CPU and ~20% of a 64 KiB one's, and nothing needs it: `listFiles` reports it
   * where recorded (stores written before), copies hash what they read when it is absent.
   */
  sha256?: string;
  /** CRC-32 (zlib's): what reads verify, at several times the speed of SHA-256. */
  crc32?: number;
}

/** Computes the sums of plaintext as it is written. */
export class ContentDigest {
  readonly #sha = crc32 ? undefined : createHash("sha256");
  #crc = 0;
  #size = 0;

  update(plain: Buffer): void {
    this.#size += plain.length;
    if (crc32) this.#crc = crc32(plain, this.#crc);
    else this.#sha!.update(plain);
  }

  digest(): ContentSums {
    return {
      size: this.#size,
      ...(this.#sha ? { sha256: this.#sha.digest("hex") } : { crc32: this.#crc }),
    };
  }
}

/**
 * Checks plaintext being read against the recorded sums: the CRC-32 when one is recorded (any flipped
 * byte, any burst up to 32 bits, changes it), else the SHA-256; the size always.
 */
export class ContentCheck {
  readonly #sha: Hash | undefined;
  #crc = 0;
  #size = 0;

  constructor(
    readonly expected: ContentSums,
    readonly label: string,
  ) {
    this.#sha = expected.crc32 !== undefined && crc32 ? undefined : createHash("sha256");
  }

  update(plain: Buffer): void {
    if (this.#sha) this.#sha.update(plain);
    else this.#crc = crc32!(plain, this.#crc);
    this.#size += plain.length;
  }

  /** The mismatch error, or `undefined` when the bytes are the recorded ones. Call once, at the end. */
  failure(): JobStoreError | undefined {
    const sum = this.#sha ? this.#sha.digest("hex") : this.#crc;
    const wanted = this.#sha ? this.expected.sha256 : this.expected.crc32;
    if (this.#size === this.expected.size && sum === wanted) return undefined;
    const kind = this.#sha ? "SHA-256" : "CRC-32";
    return fileError(
      "JOBSTORE_CHECKSUM_MISMATCH",
      `${this.label}: read ${this.#size} bytes with ${kind} ${sum}, recorded ${this.expected.size} bytes with ${wanted}`,
    );
  }
}

/** Checks a whole buffer. @returns the mismatch error, or `undefined`. */
export function checkBuffer(plain: Buffer, expected: ContentSums, label: string): JobStoreError | undefined {
  const check = new ContentCheck(expected, label);
  check.update(plain);
  return check.failure();
}

/** A pass-through that checks what flows and fails with `JOBSTORE_CHECKSUM_MISMATCH` at the end. */
export function createVerifier(expected: ContentSums, label: string): Transform {
  const check = new ContentCheck(expected, label);
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      check.update(chunk);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      done(check.failure());
    },
  });
}
