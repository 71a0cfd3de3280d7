import type { Readable } from "node:stream";
import type { CallOptions, Leftover } from "@jobstore/core";
import type { ContentRef, StorageHooks } from "../metadata/metadata-layer.js";

/**
 * An S3 object outside the store (`s3://bucket/key`), for import and export.
 *
 * @public
 */
export interface ExternalObject {
  /** The bucket. */
  bucket: string;
  /** The key (already percent-decoded). */
  key: string;
}

/**
 * The content half of an AWS-family backend: immutable per-version content objects in the store's S3
 * bucket (SHA-256 verified, AES-256-GCM when encrypting, multipart with parallel parts), presigned URLs,
 * server-side copies, batched deletes and the bucket's lifecycle.
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
  /** The store's bucket. */
  readonly bucket: string;
  /** Whether this handle has an encryption key. */
  readonly encryption: boolean;
  /** Multipart part size. */
  readonly partSize: number;
  /** The longest presigned-URL lifetime. */
  readonly maxPublicUrlSeconds: number;
  /** Days after which the bucket's lifecycle rule aborts incomplete uploads. */
  readonly abortIncompleteUploadsAfterDays: number;
  /** Bucket creation (with the lifecycle rule) and removal, for the metadata layer's lifecycle. */
  readonly storage: StorageHooks & {
    /** Whether the server accepted the lifecycle rule at this handle's last `create` (undefined: not tried). */
    readonly lifecycleRuleSet: boolean | undefined;
  };

  /**
   * Consumes `source` into a new content version: inline when at most `inlineLimit` bytes, else a new S3
   * object. Nothing is recorded. On failure nothing is left behind (uploads aborted, objects deleted).
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
  /** Deletes many objects, 1000 per request. Missing ones are fine. */
  deleteObjects(keys: readonly string[], options: CallOptions): Promise<void>;
  /** Uploads inline content as a new S3 version of `qualifiedName` (for a public URL). */
  uploadInline(qualifiedName: string, ref: ContentRef, options: CallOptions): Promise<ContentRef>;
  /** A presigned GET of `key`, valid `seconds` (clamped to `1..maxPublicUrlSeconds`). */
  presign(key: string, seconds: number): Promise<string>;
  /** Server-side copy of `ref`'s object to `target`; `false` when the source object is gone. */
  copyOut(ref: ContentRef, target: ExternalObject, options: CallOptions): Promise<boolean>;
  /** Streams an external object (`JOBSTORE_NO_SUCH_FILE` when missing). */
  openExternal(source: ExternalObject, options: CallOptions): Promise<Readable>;
  /** Uploads a stream to an external object. */
  uploadExternal(stream: Readable, target: ExternalObject, options: CallOptions): Promise<void>;

  /** Stores bytes under `key` (e.g. an overlarge job). */
  putBlob(key: string, bytes: Buffer, options: CallOptions): Promise<void>;
  /** The bytes under `key`, or `undefined` when missing. */
  getBlob(key: string, options: CallOptions): Promise<Buffer | undefined>;
  /** Deletes `key`; missing is fine. */
  deleteBlob(key: string, options: CallOptions): Promise<void>;

  /**
   * Incomplete multipart uploads under the store's content prefixes older than `olderThan` (and those this
   * handle failed to abort), and content objects older than `olderThan` whose keys `isReferenced` denies.
   */
  findLeftovers(
    isReferenced: (key: string) => boolean,
    olderThan: Date,
    options: CallOptions,
  ): AsyncIterable<Leftover>;
  /** Removes leftovers {@link ContentLayer.findLeftovers} reported. Idempotent. */
  removeLeftovers(leftovers: readonly Leftover[], options: CallOptions): Promise<void>;
  /** Releases the S3 client when the layer built it. */
  close(): void;
}
