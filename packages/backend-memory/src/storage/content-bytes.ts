import { randomUUID } from "node:crypto";
import { decryptBuffer, ENCRYPTION_OVERHEAD, encryptBuffer } from "@jobstore/core";
import { memoryError } from "../errors.js";
import { CONTENT_DIR, type ContentRecord, type StoreState } from "./store-registry.js";

/**
 * How this backend uses the core codec: its errors name `memory`, and content that fails authentication
 * is `JOBSTORE_ENCRYPTION` (no key fingerprint is stored, so a wrong key cannot be told from damage).
 */
export const MEMORY_CODEC = { backend: "memory", failureCode: "JOBSTORE_ENCRYPTION" } as const;

/**
 * Stores whole plaintext as a new committed version in one synchronous step (encrypted first when a
 * key is given): nothing can interleave, so the version is complete the moment it exists.
 */
export function commitBytes(store: StoreState, plaintext: Buffer, key: Buffer | undefined): ContentRecord {
  const path = `${CONTENT_DIR}/${randomUUID()}`;
  store.fs.writeFileSync(path, key ? encryptBuffer(key, plaintext, MEMORY_CODEC) : plaintext);
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
  return node.buf.subarray(0, size + (encrypted ? ENCRYPTION_OVERHEAD : 0)) as Buffer;
}

/** Rejects reading encrypted content on a handle that has no key. */
export function requireKey(record: ContentRecord, key: Buffer | undefined, what: string): void {
  if (record.encrypted && !key) {
    throw memoryError("JOBSTORE_ENCRYPTION", `${what} is encrypted but no encryption key is configured`);
  }
}

/**
 * The plaintext of a committed version for a caller that only reads it (writes it to a local file):
 * the stored bytes themselves when unencrypted, no copy.
 */
export function plaintextView(record: ContentRecord, key: Buffer | undefined, what: string): Buffer {
  requireKey(record, key, what);
  const stored = record.stored;
  return record.encrypted && key ? decryptBuffer(key, stored, { ...MEMORY_CODEC, label: what }) : stored;
}
