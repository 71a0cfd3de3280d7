import type { Readable } from "node:stream";

/**
 * Options every {@link ObjectStore} operation takes.
 *
 * @public
 */
export interface ObjectCallOptions {
  /** Aborts the request in flight; the operation then rejects with an {@link ObjectStoreError} of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/**
 * The condition of a write: create only if the key is absent (`ifNoneMatch: "*"`), replace only if the
 * object's current tag is `ifMatch` (`"*"`: replace only what exists, where
 * {@link ObjectStoreCapabilities.ifMatchAny} says the service honours it), or no condition (`undefined`).
 *
 * @public
 */
export type WriteCondition = { ifNoneMatch: "*" } | { ifMatch: string } | undefined;

/**
 * The outcome of a conditional write or commit. A lost condition is a value, not an error: the caller
 * decides whether it means "exists", "changed" or "someone else won".
 *
 * @public
 */
export type WriteOutcome =
  | {
      written: true;
      /** The new object's version tag (as {@link ObjectInfo.tag}). */
      tag: string;
    }
  | {
      written: false;
      /**
       * Which condition was lost: `"exists"` (a create found the key taken), `"changed"` (the object's tag
       * is not the expected one, or the object is gone), `"conflict"` (another conditional write to the
       * key was in flight: S3's 409).
       */
      lost: "exists" | "changed" | "conflict";
      /**
       * The request was sent more than once (a retry after a lost reply): the first attempt may have been
       * applied, so this answer may be about the caller's own write. Read the object back to know.
       */
      uncertain: boolean;
    };

/**
 * What the service says about one object.
 *
 * @public
 */
export interface ObjectInfo {
  /** The key. */
  key: string;
  /** The version tag (an ETag without quotes or `W/`): changes with every write of the key. */
  tag: string;
  /** Bytes stored. */
  size: number;
  /** When the object was last written, where the service says (listings always do). */
  lastModified: Date | undefined;
}

/**
 * One whole object read into memory.
 *
 * @public
 */
export interface ObjectBytes {
  /** The stored bytes (or the requested range of them). */
  body: Buffer;
  /** The version tag of what was read. */
  tag: string;
  /** The whole object's size (not only the range). */
  size: number;
}

/**
 * One object opened as a stream.
 *
 * @public
 */
export interface ObjectStream {
  /**
   * The stored bytes (or the requested range of them). Errors arrive as stream errors: classified, or the
   * transport's own (a Node network error such as `ECONNRESET`), which the backend treats as transient.
   */
  body: Readable;
  /** The version tag of what is streamed. */
  tag: string;
  /** The whole object's size (not only the range). */
  size: number;
}

/**
 * A byte range, both ends inclusive (`{ start: 0, end: 0 }` is the first byte).
 *
 * @public
 */
export interface ByteRange {
  /** The first byte, from 0. */
  start: number;
  /** The last byte, inclusive; at most the object's size − 1. */
  end: number;
}

/**
 * One uploaded part of a multipart (S3) or block (Azure) upload, as {@link ObjectStore.completeUpload}
 * wants it back.
 *
 * @public
 */
export interface UploadedPart {
  /** From 1, in content order. */
  partNumber: number;
  /** The service's receipt for the part (S3: the part's ETag; Azure: the block ID). */
  tag: string;
}

/**
 * An upload that was begun and neither completed nor aborted: a leftover of a crash or lost reply.
 *
 * @public
 */
export interface IncompleteUpload {
  /** The key the upload would have written. */
  key: string;
  /** The upload's ID, as {@link ObjectStore.abortUpload} wants it. */
  uploadId: string;
  /** When it was begun, where the service says. */
  initiated: Date | undefined;
}

/**
 * What the job store learned about the service in {@link ObjectStore.createContainer}.
 *
 * @public
 */
export interface ContainerSetup {
  /** Whether this call created the container (false: it existed and is ours to use). */
  created: boolean;
  /**
   * Whether the rule that expires incomplete uploads after {@link ObjectStoreCapabilities.incompleteUploadExpiryDays}
   * is in place: `true` set (or built into the service), `false` refused by the server (tolerated: the store
   * reclaims its own leftovers), `undefined` the service has no such rule.
   */
  expiryRuleSet: boolean | undefined;
}

/**
 * What varies between object services, stated once by each adapter. The generic backend derives its
 * part size checks, batch sizes and public-URL limits from it, and `describeObjectStore` probes around it.
 *
 * @public
 */
export interface ObjectStoreCapabilities {
  /** What a version tag looks like, for messages and docs (e.g. `"S3 ETag (MD5 hex)"`, `"Azure ETag"`). */
  tagFormat: string;
  /** The smallest part of a multipart upload except the last, in bytes. */
  minPartSize: number;
  /** The largest part, in bytes. */
  maxPartSize: number;
  /** The most parts one upload may have. */
  maxParts: number;
  /** The most keys one {@link ObjectStore.deleteMany} request removes (1 where the service has no batch delete). */
  deleteBatchSize: number;
  /** The most objects one page of {@link ObjectStore.list} returns. */
  listPageSize: number;
  /** The longest lifetime of a {@link ObjectStore.presignRead} URL, in seconds. */
  maxPresignSeconds: number;
  /** The longest object a server-side {@link ObjectStore.copyTo} copies in one request (0: no server-side copy). */
  maxCopyBytes: number;
  /** Days after which the service drops incomplete uploads by itself (0: never). */
  incompleteUploadExpiryDays: number;
  /** Whether `ifMatch: "*"` (replace only what exists) is honoured on {@link ObjectStore.put}. */
  ifMatchAny: boolean;
  /** Whether {@link ObjectStore.delete} honours `ifMatch`; where not, the generic backend never relies on it. */
  conditionalDelete: boolean;
  /** Whether {@link ObjectStore.completeUpload} honours its condition. */
  conditionalComplete: boolean;
  /** URL schemes of objects outside the container this adapter can import from and export to (e.g. `["s3"]`). */
  externalSchemes: readonly string[];
}

/**
 * Settings the adapter tunes to its server, probed once at `initialize` by the generic backend and kept in
 * the store's marker so that later handles skip the probe (e.g. S3's `If-Match` quoting: AWS wants the
 * ETag quoted, Ceph radosgw bare). Adapters whose servers all agree leave {@link ObjectStore.dialect} out.
 *
 * @public
 */
export interface ConditionDialect {
  /**
   * The settings to try, in order, when a replace conditioned on an object's own tag is refused. An adapter
   * pinned to one setting (a single candidate) keeps it whatever the store marker says.
   */
  readonly candidates: readonly string[];
  /** The setting in use. */
  current(): string;
  /** Switches to `setting` (one of {@link ConditionDialect.candidates}) for every later request. */
  use(setting: string): void;
}

/**
 * The whole of what a durable job store needs from an object service (S3, Azure Blob Storage, Google
 * Cloud Storage, ...), for one container (bucket). The generic backend (`createObjectStoreBackend`) builds
 * every guarantee of the job store on it: immutable content versions, records switched by conditional
 * writes, verified reads, encryption, leftovers reclaimed, races detected.
 *
 * @remarks Obligations, checked against a real server by `describeObjectStore` in `@jobstore/conformance`:
 * - **Consistency**: a read, head or listing after a completed write (by any client) sees it; a listing
 *   after a completed delete does not show the key.
 * - **Conditions are atomic on the server**: among any number of concurrent {@link ObjectStore.put}s of one
 *   key with `ifNoneMatch: "*"`, exactly one is written; among concurrent puts conditioned on one tag,
 *   exactly one is written. Losers get `{ written: false }`, never an error.
 * - **Errors are classified here, once**: every rejection is an {@link ObjectStoreError} whose
 *   {@link ObjectStoreError.kind} says whose fault and what next; absence of an object is a value
 *   (`undefined`, or success for deletes), never an error, except where noted. {@link ObjectStore.head},
 *   {@link ObjectStore.delete} and {@link ObjectStore.deleteMany} answer so on a missing container too (the
 *   generic backend reads the store marker before the container exists and deletes in stores never created);
 *   every other operation on a missing container rejects with kind `"no-container"`.
 * - **Aborts**: a fired `signal` ends the request and rejects with kind `"aborted"`, whatever the SDK says.
 * - **No retry of a lost condition**: an SDK retry that turns our own first write into a lost condition
 *   is reported as `uncertain`, so the caller can read back.
 * @example
 * ```ts
 * const created = await objects.put("meta/jobs/a", body, { ifNoneMatch: "*" }, {});
 * if (!created.written) console.log("someone else created it first");
 * ```
 * @public
 */
export interface ObjectStore {
  /** The adapter's short name for messages, e.g. `"s3"`, `"azure"`. */
  readonly name: string;
  /** The container (bucket) this instance works in. */
  readonly container: string;
  /** What the service offers and lacks. */
  readonly capabilities: ObjectStoreCapabilities;
  /** Server settings to probe and record; see {@link ConditionDialect}. */
  readonly dialect?: ConditionDialect | undefined;

  /** Where the container lives, for messages (e.g. `bucket b at http://127.0.0.1:7480`); no secrets. */
  describe(): Promise<string>;

  /** The object (or `range` of it) in memory, or `undefined` when the key does not exist. */
  get(key: string, options: ObjectCallOptions & { range?: ByteRange }): Promise<ObjectBytes | undefined>;
  /** The object (or `range` of it) as a stream, or `undefined` when the key does not exist. */
  open(key: string, options: ObjectCallOptions & { range?: ByteRange }): Promise<ObjectStream | undefined>;
  /** The object's tag, size and time, or `undefined` when the key does not exist. */
  head(key: string, options: ObjectCallOptions): Promise<ObjectInfo | undefined>;
  /**
   * Every object whose key starts with `prefix`, in key order, one page (at most
   * {@link ObjectStoreCapabilities.listPageSize}) per request. Only committed objects.
   */
  list(prefix: string, options: ObjectCallOptions): AsyncIterable<ObjectInfo[]>;

  /** Writes a whole object in one request under `condition`. */
  put(
    key: string,
    body: Buffer,
    condition: WriteCondition,
    options: ObjectCallOptions,
  ): Promise<WriteOutcome>;
  /**
   * Deletes one object; a missing key is success. With `ifMatch` (only where
   * {@link ObjectStoreCapabilities.conditionalDelete}), deletes only that version and resolves `false` when
   * the object changed.
   */
  delete(key: string, options: ObjectCallOptions & { ifMatch?: string }): Promise<boolean>;
  /** Deletes many keys, {@link ObjectStoreCapabilities.deleteBatchSize} per request; missing keys are fine. */
  deleteMany(keys: readonly string[], options: ObjectCallOptions): Promise<void>;

  /** Begins a multipart (block) upload of `key` and returns its ID. Nothing is visible until completed. */
  beginUpload(key: string, options: ObjectCallOptions): Promise<string>;
  /** Uploads part `partNumber` (from 1) of an upload; parts may go up in parallel and in any order. */
  uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Buffer,
    options: ObjectCallOptions,
  ): Promise<UploadedPart>;
  /** Makes the parts, in `partNumber` order, the object `key`, under `condition`. */
  completeUpload(
    key: string,
    uploadId: string,
    parts: readonly UploadedPart[],
    condition: WriteCondition,
    options: ObjectCallOptions,
  ): Promise<WriteOutcome>;
  /** Drops an upload and its parts; an unknown or finished upload is success. */
  abortUpload(key: string, uploadId: string, options: ObjectCallOptions): Promise<void>;
  /** Incomplete uploads under `prefix`, in pages. */
  listUploads(prefix: string, options: ObjectCallOptions): AsyncIterable<IncompleteUpload[]>;

  /**
   * Creates the container if missing and sets the incomplete-upload expiry rule where the service has one.
   * Idempotent.
   *
   * @throws {@link ObjectStoreError} of kind `"invalid"` when the service refuses the container's name or
   * location (e.g. S3's `InvalidLocationConstraint`).
   */
  createContainer(options: ObjectCallOptions): Promise<ContainerSetup>;
  /** Deletes the (empty) container; a missing one is success. Callers empty it first. */
  destroyContainer(options: ObjectCallOptions): Promise<void>;

  /** A URL anyone can GET the object's bytes from for `seconds` (clamped to `1..maxPresignSeconds`). No I/O needed. */
  presignRead(key: string, seconds: number): Promise<string>;
  /**
   * Copies `key` server-side to `target` (a URL of one of {@link ObjectStoreCapabilities.externalSchemes});
   * resolves `false` when the source is gone or the copy cannot be server-side (the caller then streams).
   * Present only where the service copies.
   */
  copyTo?(key: string, target: URL, options: ObjectCallOptions): Promise<boolean>;
  /** Streams an object outside the container (a URL of {@link ObjectStoreCapabilities.externalSchemes}). */
  openExternal?(source: URL, options: ObjectCallOptions): Promise<Readable>;
  /** Writes a stream to an object outside the container. */
  uploadExternal?(target: URL, source: Readable, options: ObjectCallOptions): Promise<void>;

  /** Releases the clients this adapter built (not ones it was handed). */
  close(): void;
}
