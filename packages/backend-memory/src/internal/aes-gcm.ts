import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Transform } from "node:stream";
import { JobStoreError } from "@jobstore/core";

/** Bytes of the random nonce stored before the ciphertext. */
export const IV_BYTES = 12;
/** Bytes of the authentication tag stored after the ciphertext. */
export const TAG_BYTES = 16;
/** What encryption adds to a plaintext's size. */
export const ENCRYPTION_OVERHEAD = IV_BYTES + TAG_BYTES;

/**
 * A transform that turns plaintext into `IV || ciphertext || tag` (AES-256-GCM, as the AWS backend
 * stores encrypted content), chunk by chunk.
 */
export function encryptingTransform(key: Buffer): Transform {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  let started = false;
  const start = (stream: Transform) => {
    if (!started) stream.push(iv);
    started = true;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      start(this);
      done(null, cipher.update(chunk));
    },
    flush(done) {
      start(this);
      this.push(cipher.final());
      done(null, cipher.getAuthTag());
    },
  });
}

/**
 * A transform that decrypts the ciphertext between a stored IV and tag. Plaintext flows as it comes; a
 * wrong key or altered bytes surface as a stream error once the tag is checked at the end.
 */
export function decryptingTransform(key: Buffer, iv: Buffer, tag: Buffer, what: string): Transform {
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decipher.update(chunk));
    },
    flush(done) {
      try {
        done(null, decipher.final());
      } catch (cause) {
        done(
          new JobStoreError("JOBSTORE_ENCRYPTION", `${what}: cannot decrypt (wrong key or altered content)`, {
            cause,
            backend: "memory",
          }),
        );
      }
    },
  });
}
