import {
  type CipherGCM,
  createCipheriv,
  createDecipheriv,
  createHmac,
  type DecipherGCM,
  randomBytes,
} from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { fileError } from "./errors.js";

// The same format as the other backends: IV (12) ‖ AES-256-GCM ciphertext ‖ tag (16).
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = "aes-256-gcm";

/** A short fingerprint of a key, recorded with encrypted content: a wrong key is then told from damage. */
export function keyFingerprint(key: Buffer): string {
  return createHmac("sha256", key).update("@jobstore/backend-file key id").digest("hex").slice(0, 16);
}

/** Incremental encryption: the IV comes out with the first {@link GcmEncryptor.update}, the tag at the end. */
export class GcmEncryptor {
  readonly #iv = randomBytes(IV_BYTES);
  readonly #cipher: CipherGCM;
  #started = false;

  constructor(key: Buffer) {
    this.#cipher = createCipheriv(ALGORITHM, key, this.#iv);
  }

  update(plain: Buffer): Buffer {
    return this.#start(this.#cipher.update(plain));
  }

  final(): Buffer {
    const last = this.#cipher.final();
    return this.#start(Buffer.concat([last, this.#cipher.getAuthTag()]));
  }

  #start(out: Buffer): Buffer {
    if (this.#started) return out;
    this.#started = true;
    return Buffer.concat([this.#iv, out]);
  }
}

/**
 * Decrypts a whole `IV ‖ ciphertext ‖ tag` at once.
 *
 * @throws `JOBSTORE_CHECKSUM_MISMATCH` when it fails authentication (altered bytes).
 */
export function decryptBuffer(key: Buffer, stored: Buffer, label: string): Buffer {
  if (stored.length < IV_BYTES + TAG_BYTES) throw authFailure(label);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, stored.subarray(0, IV_BYTES));
    decipher.setAuthTag(stored.subarray(stored.length - TAG_BYTES));
    const body = decipher.update(stored.subarray(IV_BYTES, stored.length - TAG_BYTES));
    const last = decipher.final();
    return last.length > 0 ? Buffer.concat([body, last]) : body;
  } catch (cause) {
    throw authFailure(label, cause);
  }
}

function authFailure(label: string, cause?: unknown) {
  return fileError(
    "JOBSTORE_CHECKSUM_MISMATCH",
    `${label}: the encrypted content failed authentication (the stored bytes were altered)`,
    cause,
  );
}

/**
 * A transform from `IV ‖ ciphertext ‖ tag` to plaintext. The last 16 bytes are held back until the end,
 * where the tag is checked: altered bytes fail the stream with `JOBSTORE_CHECKSUM_MISMATCH`.
 */
export function createDecryptStream(key: Buffer, label: string): Transform {
  let decipher: DecipherGCM | undefined;
  let pending: Buffer = Buffer.alloc(0);
  const fail = (cause?: unknown) => authFailure(label, cause);
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      let data: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      if (!decipher) {
        if (data.length < IV_BYTES) {
          pending = data;
          return done();
        }
        decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES));
        data = data.subarray(IV_BYTES);
      }
      const usable = data.length - TAG_BYTES;
      if (usable <= 0) {
        pending = Buffer.from(data);
        return done();
      }
      pending = Buffer.from(data.subarray(usable));
      done(null, decipher.update(data.subarray(0, usable)));
    },
    flush(done: TransformCallback) {
      if (!decipher || pending.length !== TAG_BYTES) return done(fail());
      try {
        decipher.setAuthTag(pending);
        const last = decipher.final();
        done(null, last.length > 0 ? last : undefined);
      } catch (cause) {
        done(fail(cause));
      }
    },
  });
}
