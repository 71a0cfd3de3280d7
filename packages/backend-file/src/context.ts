import type { FileSystemKind } from "./storage/file-system-kind.js";
import type { FsApi } from "./storage/fs-api.js";
import type { Layout } from "./storage/layout.js";

/**
 * The per-store context: built once by `createFileBackend` and handed to every section and storage
 * helper. It holds the store's paths, the file system and the settings.
 */
export interface StoreContext {
  readonly layout: Layout;
  readonly fs: FsApi;
  /** The AES-256-GCM key, when one is configured. */
  readonly key: Buffer | undefined;
  /** A fingerprint of the key, recorded with encrypted content so a wrong key is told from damage. */
  readonly keyId: string | undefined;
  /** fsync files and the directory entries they depend on before a write returns. */
  readonly sync: boolean;
  /** `readFileToPath` may hard-link an immutable, unencrypted content version. */
  readonly hardLinkReads: boolean;
  /** Leftovers older than this are reclaimable even when their owner cannot be checked. */
  readonly leftoverAgeMs: number;
  /** Content up to this many bytes is stored inside its record (one file per version); 0: never. */
  readonly inlineLimit: number;
  /** IDs this handle minted with `newFileId` and has not written yet: no previous version can exist. */
  readonly minted: Set<string>;
  /** What the store learnt of the file system when it was opened (whether a missing name is final). */
  readonly fsKind: FileSystemKind;
}
