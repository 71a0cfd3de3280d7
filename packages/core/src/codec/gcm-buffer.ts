import { type DecryptOptions, type EncryptOptions, GcmDecryptor, GcmEncryptor } from "./aes-gcm.js";

function joined(pieces: Buffer[]): Buffer {
  return pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
}

/**
 * Encrypts whole plaintext at once to `IV ‖ ciphertext ‖ tag` under a fresh random IV: the buffer form
 * of {@link GcmEncryptor}, for content small enough to hold (inline content, a whole local file).
 *
 * @throws {@link JobStoreError} `JOBSTORE_ENCRYPTION` when the key is not 32 bytes.
 * @example
 * ```ts
 * const stored = encryptBuffer(key, Buffer.from("hello"), { backend: "memory" });
 * stored.length; // 5 + ENCRYPTION_OVERHEAD
 * ```
 * @public
 */
export function encryptBuffer(key: Uint8Array, plain: Uint8Array, options: EncryptOptions): Buffer {
  const pieces: Buffer[] = [];
  const push = (bytes: Buffer) => pieces.push(bytes);
  const encryptor = new GcmEncryptor(key, options);
  encryptor.update(plain, push);
  encryptor.final(push);
  return Buffer.concat(pieces);
}

/**
 * Decrypts and authenticates whole `IV ‖ ciphertext ‖ tag` at once: the buffer form of
 * {@link GcmDecryptor}. Nothing is returned unless the tag matches.
 *
 * @throws {@link JobStoreError} the options' `failureCode` (default `JOBSTORE_CHECKSUM_MISMATCH`) when
 * `stored` is shorter than an IV and a tag or fails authentication; `JOBSTORE_ENCRYPTION` when the key is
 * not 32 bytes.
 * @example
 * ```ts
 * const plain = decryptBuffer(key, stored, { backend: "memory", label: "file 1234" });
 * ```
 * @public
 */
export function decryptBuffer(key: Uint8Array, stored: Uint8Array, options: DecryptOptions): Buffer {
  const pieces: Buffer[] = [];
  const push = (bytes: Buffer) => pieces.push(bytes);
  const decryptor = new GcmDecryptor(key, options);
  decryptor.update(stored, push);
  decryptor.final(push);
  return pieces.length === 0 ? Buffer.alloc(0) : joined(pieces);
}
