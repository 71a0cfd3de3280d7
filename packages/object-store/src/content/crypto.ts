import { type CipherGCM, createCipheriv, createDecipheriv, type DecipherGCM, randomBytes } from "node:crypto";
import { JobStoreError } from "@jobstore/core";

/** Bytes of the random IV that starts every encrypted content. */
export const IV_BYTES = 12;
/** Bytes of the GCM authentication tag that ends every encrypted content. */
export const TAG_BYTES = 16;
/** What encryption adds to the plaintext: IV ‖ ciphertext ‖ tag. */
export const ENCRYPTION_OVERHEAD = IV_BYTES + TAG_BYTES;

const ALGORITHM = "aes-256-gcm";
const KEY_BYTES = 32;

function requireKey(key: Uint8Array): void {
  if (key.length !== KEY_BYTES) {
    throw new JobStoreError(
      "JOBSTORE_ENCRYPTION",
      `the encryption key has ${key.length} bytes, AES-256 needs ${KEY_BYTES}`,
      {},
    );
  }
}

function authFailure(label: string, cause?: unknown): JobStoreError {
  // A wrong key and tampered content look the same to GCM; both mean the bytes cannot be trusted.
  return new JobStoreError(
    "JOBSTORE_CHECKSUM_MISMATCH",
    `${label}: the encrypted content failed authentication (corrupted content or a different key)`,
    { cause },
  );
}

/**
 * Incremental AES-256-GCM encryption producing `IV ‖ ciphertext ‖ tag`: the IV comes out with the first
 * {@link GcmEncryptor.update}, the tag with {@link GcmEncryptor.final}.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ENCRYPTION` when the key is not 32 bytes.
 * @example
 * ```ts
 * const enc = new GcmEncryptor(key);
 * const stored = Buffer.concat([enc.update(a), enc.update(b), enc.final()]);
 * ```
 * @internal
 */
export class GcmEncryptor {
  readonly #iv: Buffer;
  readonly #cipher: CipherGCM;
  #started = false;

  constructor(key: Uint8Array) {
    requireKey(key);
    this.#iv = randomBytes(IV_BYTES);
    this.#cipher = createCipheriv(ALGORITHM, key, this.#iv);
  }

  update(plain: Uint8Array): Buffer {
    const out = this.#cipher.update(plain);
    return this.#started ? out : this.#start(out);
  }

  final(): Buffer {
    const last = this.#cipher.final();
    const tail = Buffer.concat([last, this.#cipher.getAuthTag()]);
    return this.#started ? tail : this.#start(tail);
  }

  #start(out: Buffer): Buffer {
    this.#started = true;
    return Buffer.concat([this.#iv, out]);
  }
}

/**
 * Incremental decryption of `IV ‖ ciphertext ‖ tag`. The last 16 bytes seen so far are always held back,
 * since only the end of the input tells which bytes are the tag; {@link GcmDecryptor.final} checks it.
 *
 * @remarks Plaintext is released before the tag is checked (the price of streaming); a reader learns of
 * tampering by the error at the end, as with the content checksum.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CHECKSUM_MISMATCH` from `final()` when the input is too short
 * or fails authentication; `JOBSTORE_ENCRYPTION` when the key is not 32 bytes.
 * @example
 * ```ts
 * const dec = new GcmDecryptor(key, "file 1234");
 * const plain = Buffer.concat([dec.update(stored), dec.final()]);
 * ```
 * @internal
 */
export class GcmDecryptor {
  readonly #key: Uint8Array;
  readonly #label: string;
  #decipher: DecipherGCM | undefined;
  #pending: Buffer = Buffer.alloc(0);

  constructor(key: Uint8Array, label: string) {
    requireKey(key);
    this.#key = key;
    this.#label = label;
  }

  update(stored: Uint8Array): Buffer {
    let data = Buffer.concat([this.#pending, stored]);
    if (!this.#decipher) {
      if (data.length < IV_BYTES) {
        this.#pending = data;
        return Buffer.alloc(0);
      }
      this.#decipher = createDecipheriv(ALGORITHM, this.#key, data.subarray(0, IV_BYTES));
      data = data.subarray(IV_BYTES);
    }
    const usable = data.length - TAG_BYTES;
    if (usable <= 0) {
      this.#pending = data;
      return Buffer.alloc(0);
    }
    // Copy the held-back tail so that it does not pin the whole incoming chunk in memory.
    this.#pending = Buffer.from(data.subarray(usable));
    return this.#decipher.update(data.subarray(0, usable));
  }

  final(): Buffer {
    if (!this.#decipher || this.#pending.length !== TAG_BYTES) {
      throw authFailure(this.#label);
    }
    try {
      this.#decipher.setAuthTag(this.#pending);
      return this.#decipher.final();
    } catch (cause) {
      throw authFailure(this.#label, cause);
    }
  }
}

/**
 * Encrypts a whole (small) buffer: `IV ‖ ciphertext ‖ tag`. Used for inline content.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ENCRYPTION` when the key is not 32 bytes.
 * @example
 * ```ts
 * const stored = encryptBuffer(key, Buffer.from("hello"));
 * ```
 * @internal
 */
export function encryptBuffer(key: Uint8Array, plain: Uint8Array): Buffer {
  const enc = new GcmEncryptor(key);
  return Buffer.concat([enc.update(plain), enc.final()]);
}

/**
 * Decrypts what {@link encryptBuffer} (or {@link GcmEncryptor}) produced.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CHECKSUM_MISMATCH` on tampered content or a wrong key.
 * @example
 * ```ts
 * decryptBuffer(key, encryptBuffer(key, plain), "file 1234"); // equals plain
 * ```
 * @internal
 */
export function decryptBuffer(key: Uint8Array, stored: Uint8Array, label: string): Buffer {
  const dec = new GcmDecryptor(key, label);
  return Buffer.concat([dec.update(stored), dec.final()]);
}
