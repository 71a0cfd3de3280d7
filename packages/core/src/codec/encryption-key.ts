/**
 * The size of the AES-256-GCM key every built-in backend takes as its `encryptionKey` option.
 *
 * @public
 */
export const ENCRYPTION_KEY_BYTES = 32;

/**
 * Checks a backend's `encryptionKey` option and returns a private copy of it (`undefined` when none was
 * given), so a caller that zeroes or reuses its array cannot change a handle's key.
 *
 * @throws TypeError when the key is not a `Uint8Array`; RangeError when it is not
 * {@link ENCRYPTION_KEY_BYTES} bytes long.
 * @example
 * ```ts
 * const key = copyEncryptionKey(options.encryptionKey); // Buffer | undefined
 * ```
 * @public
 */
export function copyEncryptionKey(key: Uint8Array | undefined): Buffer | undefined {
  if (key === undefined) return undefined;
  if (!(key instanceof Uint8Array)) throw new TypeError("encryptionKey must be a Uint8Array");
  if (key.byteLength !== ENCRYPTION_KEY_BYTES) {
    throw new RangeError(
      `encryptionKey must be ${ENCRYPTION_KEY_BYTES} bytes (AES-256), got ${key.byteLength}`,
    );
  }
  return Buffer.from(key);
}
