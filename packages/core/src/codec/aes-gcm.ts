import { type CipherGCM, createCipheriv, createDecipheriv, type DecipherGCM, randomBytes } from "node:crypto";
import { JobStoreError } from "../errors.js";
import { copyEncryptionKey } from "./encryption-key.js";

// The one module of the repository that touches the cipher: every backend stores encrypted content in
// this format, so it is written (and tested against fixed vectors) once.

/**
 * Bytes of the random IV that starts every encrypted content.
 *
 * @public
 */
export const ENCRYPTION_IV_BYTES = 12;

/**
 * Bytes of the GCM authentication tag that ends every encrypted content.
 *
 * @public
 */
export const ENCRYPTION_TAG_BYTES = 16;

/**
 * What encryption adds to the plaintext: stored content is `IV ‖ ciphertext ‖ tag`, and the ciphertext
 * is exactly as long as the plaintext.
 *
 * @example
 * ```ts
 * const storedSize = record.size + (record.encrypted ? ENCRYPTION_OVERHEAD : 0);
 * ```
 * @public
 */
export const ENCRYPTION_OVERHEAD = ENCRYPTION_IV_BYTES + ENCRYPTION_TAG_BYTES;

const ALGORITHM = "aes-256-gcm";

/** Set only for the synchronous duration of {@link encryptorWithIv}. */
let testIv: Buffer | undefined;

/**
 * Who is encrypting: names the backend in the errors the codec throws.
 *
 * @public
 */
export interface EncryptOptions {
  /** The backend's name, for the `backend` of errors (e.g. `"file"`). */
  readonly backend: string;
}

/**
 * Who is decrypting what, and which code a failed authentication gets.
 *
 * @public
 */
export interface DecryptOptions extends EncryptOptions {
  /** Names the content in error messages, e.g. `"file 1234"`. */
  readonly label: string;
  /**
   * The code of the error for content that fails authentication (or is too short to hold an IV and a
   * tag). Default `JOBSTORE_CHECKSUM_MISMATCH` (damaged bytes); a backend that cannot tell a wrong key
   * from damage by other means may report `JOBSTORE_ENCRYPTION`.
   */
  readonly failureCode?: "JOBSTORE_CHECKSUM_MISMATCH" | "JOBSTORE_ENCRYPTION";
}

function requireKey(key: Uint8Array, backend: string): void {
  // The one key check (copyEncryptionKey), reported as the codec's error code.
  try {
    if (copyEncryptionKey(key) !== undefined) return;
  } catch (cause) {
    throw new JobStoreError("JOBSTORE_ENCRYPTION", (cause as Error).message, { backend, cause });
  }
  throw new JobStoreError("JOBSTORE_ENCRYPTION", "no encryption key was given", { backend });
}

function authFailure(options: DecryptOptions, cause?: unknown): JobStoreError {
  // A wrong key and altered bytes look the same to GCM; both mean the bytes cannot be trusted.
  return new JobStoreError(
    options.failureCode ?? "JOBSTORE_CHECKSUM_MISMATCH",
    `${options.label}: the encrypted content failed authentication (altered bytes or a different key)`,
    { backend: options.backend, ...(cause === undefined ? {} : { cause }) },
  );
}

/**
 * Incremental AES-256-GCM encryption to `IV ‖ ciphertext ‖ tag` under a fresh random IV: the IV is
 * emitted before the first ciphertext, the tag by {@link GcmEncryptor.final}. Pieces are emitted, not
 * concatenated, so no plaintext chunk is copied.
 *
 * @remarks Parts of a multipart upload can be cut anywhere: the stored bytes are the concatenation of
 * everything emitted, in order.
 * @throws {@link JobStoreError} `JOBSTORE_ENCRYPTION` from the constructor when the key is not 32 bytes.
 * @example
 * ```ts
 * const parts: Buffer[] = [];
 * const enc = new GcmEncryptor(key, { backend: "file" });
 * enc.update(chunk, (b) => parts.push(b));
 * enc.final((b) => parts.push(b));
 * ```
 * @public
 */
export class GcmEncryptor {
  readonly #iv: Buffer;
  readonly #cipher: CipherGCM;
  #started = false;

  constructor(key: Uint8Array, options: EncryptOptions) {
    this.#iv = testIv ?? randomBytes(ENCRYPTION_IV_BYTES);
    requireKey(key, options.backend);
    this.#cipher = createCipheriv(ALGORITHM, key, this.#iv);
  }

  /** Encrypts the next plaintext; emits the IV first when this is the first output. */
  update(plain: Uint8Array, emit: (bytes: Buffer) => void): void {
    this.#start(emit);
    if (plain.byteLength > 0) emit(this.#cipher.update(plain));
  }

  /** Ends the content: emits what the cipher still holds and the 16-byte tag. Call once. */
  final(emit: (bytes: Buffer) => void): void {
    this.#start(emit);
    const last = this.#cipher.final();
    if (last.length > 0) emit(last);
    emit(this.#cipher.getAuthTag());
  }

  #start(emit: (bytes: Buffer) => void): void {
    if (this.#started) return;
    this.#started = true;
    emit(this.#iv);
  }
}

/**
 * A {@link GcmEncryptor} under a given IV, for fixed test vectors only: an IV must never be used twice
 * under one key. Not exported from the package.
 *
 * @internal
 */
export function encryptorWithIv(key: Uint8Array, iv: Uint8Array, options: EncryptOptions): GcmEncryptor {
  testIv = Buffer.from(iv);
  try {
    return new GcmEncryptor(key, options);
  } finally {
    testIv = undefined;
  }
}

/**
 * Incremental decryption of `IV ‖ ciphertext ‖ tag`, fed the stored bytes in pieces cut anywhere. Only
 * the end of the input tells which bytes are the tag, so the last 16 bytes seen are always held back;
 * {@link GcmDecryptor.final} checks them. Plaintext is emitted in pieces (at most two per call), never
 * concatenated, so a large chunk is not copied.
 *
 * @remarks Plaintext is released before the tag is checked (the price of streaming): a reader learns of
 * tampering by the error from `final`, as with a content checksum.
 * @throws {@link JobStoreError} `JOBSTORE_ENCRYPTION` from the constructor when the key is not 32 bytes;
 * from `final`, the options' `failureCode` (default `JOBSTORE_CHECKSUM_MISMATCH`) when the input is
 * shorter than an IV and a tag or fails authentication (altered bytes, another key).
 * @example
 * ```ts
 * const dec = new GcmDecryptor(key, { backend: "file", label: "file 1234" });
 * dec.update(stored, (plain) => out.push(plain));
 * dec.final((plain) => out.push(plain));
 * ```
 * @public
 */
export class GcmDecryptor {
  readonly #key: Uint8Array;
  readonly #options: DecryptOptions;
  #decipher: DecipherGCM | undefined;
  #pending: Buffer = Buffer.alloc(0);

  constructor(key: Uint8Array, options: DecryptOptions) {
    requireKey(key, options.backend);
    this.#key = key;
    this.#options = options;
  }

  /** Decrypts the next stored bytes, emitting the plaintext known not to be part of the tag. */
  update(stored: Uint8Array, emit: (bytes: Buffer) => void): void {
    let data = Buffer.isBuffer(stored)
      ? stored
      : Buffer.from(stored.buffer, stored.byteOffset, stored.length);
    if (!this.#decipher) {
      if (this.#pending.length > 0) data = Buffer.concat([this.#pending, data]);
      if (data.length < ENCRYPTION_IV_BYTES) {
        this.#pending = Buffer.from(data);
        return;
      }
      this.#decipher = createDecipheriv(ALGORITHM, this.#key, data.subarray(0, ENCRYPTION_IV_BYTES));
      this.#pending = Buffer.alloc(0);
      data = data.subarray(ENCRYPTION_IV_BYTES);
    }
    const pending = this.#pending;
    const usable = pending.length + data.length - ENCRYPTION_TAG_BYTES;
    if (usable <= pending.length) {
      // The new bytes fit in what must be held back: only a short (≤ 32 bytes) concatenation.
      const held = Buffer.concat([pending, data]);
      if (usable > 0) emit(this.#decipher.update(held.subarray(0, usable)));
      this.#pending = held.subarray(Math.max(usable, 0));
      return;
    }
    if (pending.length > 0) emit(this.#decipher.update(pending));
    const cut = usable - pending.length;
    emit(this.#decipher.update(data.subarray(0, cut)));
    // Copied so that the held-back tail does not pin the whole incoming chunk in memory.
    this.#pending = Buffer.from(data.subarray(cut));
  }

  /** Checks the tag; emits what the decipher still holds. Call once, after the last stored bytes. */
  final(emit: (bytes: Buffer) => void): void {
    if (!this.#decipher || this.#pending.length !== ENCRYPTION_TAG_BYTES) {
      throw authFailure(this.#options);
    }
    let last: Buffer;
    try {
      this.#decipher.setAuthTag(this.#pending);
      last = this.#decipher.final();
    } catch (cause) {
      throw authFailure(this.#options, cause);
    }
    if (last.length > 0) emit(last);
  }
}
