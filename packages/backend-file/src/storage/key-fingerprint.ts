import { createHmac } from "node:crypto";

/**
 * A short fingerprint of a key, recorded with encrypted content: a wrong key is then told from damage
 * (`JOBSTORE_ENCRYPTION` rather than `JOBSTORE_CHECKSUM_MISMATCH`). The content itself is encrypted by
 * core's codec.
 */
export function keyFingerprint(key: Buffer): string {
  return createHmac("sha256", key).update("@jobstore/backend-file key id").digest("hex").slice(0, 16);
}
