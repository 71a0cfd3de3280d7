import { Transform, type TransformCallback } from "node:stream";
import { type DecryptOptions, GcmDecryptor } from "./aes-gcm.js";

/**
 * A transform from stored `IV ‖ ciphertext ‖ tag` to plaintext: the stream form of
 * {@link GcmDecryptor}. The last 16 bytes are held back until the end, where the tag is checked.
 *
 * @remarks Plaintext flows before the tag is checked: a consumer must treat what it read as untrusted
 * until the stream ends without an error.
 * @throws {@link JobStoreError} `JOBSTORE_ENCRYPTION` at once when the key is not 32 bytes. The stream
 * fails with the options' `failureCode` (default `JOBSTORE_CHECKSUM_MISMATCH`) when the input is too
 * short or fails authentication.
 * @example
 * ```ts
 * pipeline(storedStream, createDecryptStream(key, { backend: "file", label: "file 1234" }), out, done);
 * ```
 * @public
 */
export function createDecryptStream(key: Uint8Array, options: DecryptOptions): Transform {
  const decryptor = new GcmDecryptor(key, options);
  return new Transform({
    transform(this: Transform, chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      decryptor.update(chunk, (plain) => this.push(plain));
      done();
    },
    flush(this: Transform, done: TransformCallback) {
      try {
        decryptor.final((plain) => this.push(plain));
      } catch (err) {
        done(err as Error);
        return;
      }
      done();
    },
  });
}
