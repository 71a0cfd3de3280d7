import type { Readable } from "node:stream";
import type { CallOptions, Leftover } from "@jobstore/core";
import type { ContentRef, StorageHooks } from "../metadata/metadata-layer.js";

/**
 * The content half of a layered backend: immutable per-version content objects in the store's container
 * of an `ObjectStore` (SHA-256 verified, AES-256-GCM when encrypting, multipart with parallel
 * parts), presigned URLs, server-side copies, batched deletes and the container's lifecycle.
 *
 * @remarks Content objects are never overwritten: every write stores a new key, and the metadata layer's
 * record says which one is current, so a reader of a recorded version reads exactly those bytes.
 * Methods reject with `JobStoreError`s (`JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`, ...) unless noted.
 * @example
 * ```ts
 * const ref = await content.store("f1", Readable.from([bytes]), false, 256, {}, "file f1");
 * const stream = await content.open(ref, {}, "file f1");
 * ```
 * @public
 */
export interface ContentLayer {
  /** The store's container (bucket). */
  readonly container: string;
  /** URL schemes of objects outside the store that import and export reach (the adapter's). */
  readonly externalSchemes: readonly string[];
  /** Whether this handle has an encryption key. */
  readonly encryption: boolean;
  /** Multipart part size. */
  readonly partSize: number;
  /** The longest presigned-URL lifetime. */
  readonly maxPublicUrlSeconds: number;
  /** Days after which the container's expiry rule aborts incomplete uploads (0: never). */
  readonly abortIncompleteUploadsAfterDays: number;
  /** Container creation (with the expiry rule) and removal, for the metadata layer's lifecycle. */
  readonly storage: StorageHooks & {
    /**
     * Whether the server accepted the expiry rule at this handle's last `create` (undefined: not tried,
     * or the service has no such rule).
     */
    readonly lifecycleRuleSet: boolean | undefined;
  };

  /**
   * Consumes `source` into a new content version: inline when at most `inlineLimit` bytes, else a new
   * content object. Nothing is recorded. On failure nothing is left behind (uploads aborted, objects deleted).
   *
   * @throws `JOBSTORE_ENCRYPTION` (encrypt without a key), `JOBSTORE_ABORTED`, or the source's own error.
   */
  store(
    qualifiedName: string,
    source: Readable,
    encrypt: boolean,
    inlineLimit: number,
    options: CallOptions,
    label: string,
  ): Promise<ContentRef>;
  /**
   * The verified plaintext of `ref` (checksum and size checked as it streams, errors as stream errors),
   * or `undefined` when its object is gone (superseded and deleted meanwhile).
   *
   * @throws `JOBSTORE_ENCRYPTION` when encrypted and this handle has no key.
   */
  open(ref: ContentRef, options: CallOptions, label: string): Promise<Readable | undefined>;
  /** Deletes one content object, ignoring failures (leftovers report what remains). */
  discard(key: string | undefined): Promise<void>;
  /** Deletes many objects, the store's `deleteBatchSize` per request. Missing ones are fine. */
  deleteObjects(keys: readonly string[], options: CallOptions): Promise<void>;
  /** Uploads inline content as a new content object of `qualifiedName` (for a public URL). */
  uploadInline(qualifiedName: string, ref: ContentRef, options: CallOptions): Promise<ContentRef>;
  /** A presigned read URL of `key`, valid `seconds` (clamped to `1..maxPublicUrlSeconds`). */
  presign(key: string, seconds: number): Promise<string>;
  /**
   * Server-side copy of `ref`'s object to `target`; `false` when the source object is gone or the copy
   * cannot be server-side (inline or encrypted content, too large, no server-side copy): then stream it.
   */
  copyOut(ref: ContentRef, target: URL, options: CallOptions): Promise<boolean>;
  /**
   * Streams an external object.
   *
   * @throws `JOBSTORE_NO_SUCH_FILE` when missing, `JOBSTORE_NOT_SUPPORTED` for a scheme the adapter lacks.
   */
  openExternal(source: URL, options: CallOptions): Promise<Readable>;
  /** Uploads a stream to an external object (the stream is consumed or destroyed). */
  uploadExternal(stream: Readable, target: URL, options: CallOptions): Promise<void>;

  /** Stores bytes under `key` (e.g. an overlarge job). */
  putBlob(key: string, bytes: Buffer, options: CallOptions): Promise<void>;
  /** The bytes under `key`, or `undefined` when missing. */
  getBlob(key: string, options: CallOptions): Promise<Buffer | undefined>;
  /** Deletes `key`; missing is fine. */
  deleteBlob(key: string, options: CallOptions): Promise<void>;

  /**
   * Incomplete uploads under the store's content prefixes older than `olderThan` (and those this
   * handle failed to abort), and content objects older than `olderThan` whose keys `isReferenced` denies.
   */
  findLeftovers(
    isReferenced: (key: string) => boolean,
    olderThan: Date,
    options: CallOptions,
  ): AsyncIterable<Leftover>;
  /** Removes leftovers {@link ContentLayer.findLeftovers} reported. Idempotent. */
  removeLeftovers(leftovers: readonly Leftover[], options: CallOptions): Promise<void>;
  /** Releases the object store's clients (those the adapter built). */
  close(): void;
}
