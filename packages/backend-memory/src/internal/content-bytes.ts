import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { IV_BYTES, TAG_BYTES } from "./aes-gcm.js";
import { memoryError } from "./handle.js";
import { CONTENT_DIR, type ContentRecord, type StoreState } from "./store-registry.js";

/**
 * Stores whole plaintext as a new committed version in one synchronous step (encrypted first when a
 * key is given): nothing can interleave, so the version is complete the moment it exists.
 */
export function commitBytes(store: StoreState, plaintext: Buffer, key: Buffer | undefined): ContentRecord {
  const path = `${CONTENT_DIR}/${randomUUID()}`;
  store.fs.writeFileSync(path, key ? encrypt(plaintext, key) : plaintext);
  const encrypted = key !== undefined;
  const stored = volumeView(store, path, plaintext.length, encrypted);
  return { path, size: plaintext.length, encrypted, version: store.nextVersion++, stored };
}

/**
 * A read-only view of a version's stored bytes at `path`, without copying them out of the volume; taken
 * once, at the commit, into {@link ContentRecord.stored}.
 * Safe because a version's path is written once and never again (updates commit a new path); the view
 * keeps the bytes alive for a reader even after the version is deleted, as an open descriptor would.
 * Read streams hand these bytes out as chunks; consumers must not write into them.
 */
export function volumeView(store: StoreState, path: string, size: number, encrypted: boolean): Buffer {
  const node = store.volume._core.getResolvedLinkOrThrow(path).getNode();
  return node.buf.subarray(0, size + (encrypted ? IV_BYTES + TAG_BYTES : 0)) as Buffer;
}

/** Rejects reading encrypted content on a handle that has no key. */
export function requireKey(record: ContentRecord, key: Buffer | undefined, what: string): void {
  if (record.encrypted && !key) {
    throw memoryError("JOBSTORE_ENCRYPTION", `${what} is encrypted but no encryption key is configured`);
  }
}

function encrypt(plaintext: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = cipher.update(plaintext);
  const tail = cipher.final();
  return Buffer.concat([iv, body, tail, cipher.getAuthTag()]);
}

/**
 * The plaintext of a committed version for a caller that only reads it (writes it to a local file):
 * the stored bytes themselves when unencrypted, no copy.
 */
export function plaintextView(record: ContentRecord, key: Buffer | undefined, what: string): Buffer {
  requireKey(record, key, what);
  const stored = record.stored;
  return record.encrypted && key ? decrypt(stored, key, what) : stored;
}

function decrypt(stored: Buffer, key: Buffer, what: string): Buffer {
  const iv = stored.subarray(0, IV_BYTES);
  const tag = stored.subarray(stored.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAuthTag(tag);
    const body = decipher.update(stored.subarray(IV_BYTES, stored.length - TAG_BYTES));
    const tail = decipher.final();
    return tail.length === 0 ? body : Buffer.concat([body, tail]);
  } catch (cause) {
    throw memoryError("JOBSTORE_ENCRYPTION", `${what}: cannot decrypt (wrong key or altered content)`, cause);
  }
}
