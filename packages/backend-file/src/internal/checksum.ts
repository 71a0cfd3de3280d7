import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { fileError } from "./errors.js";

/**
 * A pass-through that hashes what flows and, at the end, fails with `JOBSTORE_CHECKSUM_MISMATCH` unless
 * the SHA-256 and the size are the recorded ones.
 */
export function createVerifier(sha256: string, size: number, label: string): Transform {
  const hash = createHash("sha256");
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      hash.update(chunk);
      seen += chunk.length;
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      const actual = hash.digest("hex");
      if (seen !== size || actual !== sha256) {
        return done(
          fileError(
            "JOBSTORE_CHECKSUM_MISMATCH",
            `${label}: read ${seen} bytes with SHA-256 ${actual}, recorded ${size} bytes with ${sha256}`,
          ),
        );
      }
      done();
    },
  });
}
