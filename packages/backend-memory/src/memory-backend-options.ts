/**
 * Options of {@link createMemoryBackend}.
 *
 * @public
 */
export interface MemoryBackendOptions {
  /**
   * The store's name (`^[A-Za-z0-9._-]+$`). Backends created with the same name in one process are
   * handles on one store, as two processes would see one AWS store. Default: a fresh random name, so
   * the store is private to this backend object.
   */
  name?: string;
  /**
   * A 32-byte AES-256-GCM key. With it, file contents and shared files (unless written with
   * `encrypted: false`) are stored encrypted, as the AWS backend stores them; without it,
   * `encrypted: true` rejects with `JOBSTORE_ENCRYPTION`. The key is per handle: a handle without it
   * cannot read what another handle encrypted.
   */
  encryptionKey?: Uint8Array;
}
