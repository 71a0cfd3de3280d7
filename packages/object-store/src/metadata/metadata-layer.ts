import { randomUUID } from "node:crypto";
import type { CallOptions, JobStoreError, StoredJob } from "@jobstore/core";

/**
 * What a metadata record describes: a job file (named by its file ID), a shared file (named by its shared
 * name) or a log message (named by {@link logName}).
 *
 * @public
 */
export type RecordKind = "file" | "shared" | "log";

/**
 * Where and how one immutable version of content is stored: what every content write replaces in a record.
 *
 * @public
 */
export interface ContentRef {
  /** A fresh random token per content write: the record's optimistic-concurrency token. */
  version: string;
  /** Lowercase hex SHA-256 of the plaintext. */
  checksum: string;
  /** Plaintext bytes. */
  size: number;
  /** Stored bytes are `IV ‖ ciphertext ‖ tag` (AES-256-GCM). */
  encrypted: boolean;
  /** The stored bytes when kept in the record (at most {@link MetadataLimits.inlineContentBytes}). */
  inline?: Buffer;
  /** The content layer's object key when not inline. Exactly one of `inline` and `key` is set. */
  key?: string;
}

/**
 * One file, shared-file or log record.
 *
 * @public
 */
export interface MetadataRecord extends ContentRef {
  /** What the record describes. */
  kind: RecordKind;
  /** The file ID, the shared name, or the log name; unique per kind. */
  name: string;
  /** The owning job of a job file written with a `jobId`. */
  owner?: string | undefined;
  /** Job files: delete with the owning job. */
  cleanup: boolean;
  /** Job files: the executable bit. */
  executable: boolean;
  /** Logs: delivered by a `readLogs` already. */
  read: boolean;
  /** Job files: the basename kept with the file, when given and storable. */
  basename?: string | undefined;
}

/**
 * Which records {@link MetadataLayer.listRecords} yields.
 *
 * @public
 */
export interface RecordFilter {
  /** Logs only: just the unread ones. */
  unreadOnly?: boolean;
  /** Job files only: just those owned by this job and written with `cleanup`. */
  cleanupOf?: string;
}

/**
 * The limits a metadata layer imposes; the backend's capability manifest is derived from them.
 *
 * @public
 */
export interface MetadataLimits {
  /** Content of at most this many plaintext bytes is kept in the record (`0`: never). */
  inlineContentBytes: number;
  /** The longest job or file ID in UTF-8 bytes. */
  maxIdBytes: number;
  /** The longest shared-file name in UTF-8 bytes. */
  maxSharedNameBytes: number;
  /** Raw bytes per stored job chunk, when jobs are chunked (`0` otherwise). */
  jobChunkSize: number;
  /** Encoded jobs above this size go elsewhere (`0`: no such threshold). */
  overlargeJobThreshold: number;
  /** Records removed per request by bulk deletes. */
  deleteBatchSize: number;
}

/**
 * The content layer's part in a store's lifecycle, handed to {@link MetadataLayer.create} and
 * {@link MetadataLayer.destroy} so that each metadata layer orders it around its own registry.
 *
 * @public
 */
export interface StorageHooks {
  /** Creates the content storage (bucket, lifecycle rule). Idempotent. */
  create(options: CallOptions): Promise<void>;
  /** Aborts uploads, deletes every object and the bucket. Idempotent; a missing bucket is fine. */
  destroy(options: CallOptions): Promise<void>;
}

/**
 * The metadata half of an AWS-family backend: the store registry, jobs, and the records of files, shared
 * files and log messages. The content half (the S3 objects the records point at) is the content layer's;
 * the backend is one content layer plus one metadata layer (see `createLayeredBackend`).
 *
 * @remarks
 * Every method rejects with a `JobStoreError` (`JOBSTORE_NO_SUCH_STORE` when the store's storage is gone,
 * `JOBSTORE_ABORTED` when `options.signal` fired, `JOBSTORE_UNAVAILABLE` with `retryable` only when the
 * storage itself failed) besides the codes it names. Inputs arrive validated and within {@link limits}.
 * Reads are consistent: a read after a completed write (by any handle) sees it. Obligations:
 *
 * - **Registry** (`create`/`open`/`destroy`): whether a store exists, is being created or destroyed, or is
 *   absent is decided by ONE consistent read of the registry, never by probing several resources; `create`
 *   marks the store "being created" before calling `storage.create` and "present" only after everything
 *   exists, `destroy` marks it "being destroyed" first and unregisters it last, so a crash at any point
 *   leaves a state `destroy` can finish and `open` refuses.
 * - **Jobs**: `createJob`/`updateJob` make the whole new job visible at once (a reader sees the old job or
 *   the new one, never a mix); `updateJob` rejects `JOBSTORE_NO_SUCH_JOB` for a missing job. Clean-up of a
 *   job's previous representation (residual chunks, a replaced object) NEVER touches data a later writer
 *   put: a slow writer's clean-up must not break a newer job. `loadJob` returns `undefined` only when the
 *   job is absent, never for a live job whose representation changed while it was read (re-read,
 *   bounded). `jobs()` yields each live job once.
 * - **Records**: {@link switchContent} is the only way content changes. It writes the whole record
 *   conditional on the record's current version token (`expectedVersion`, or "no record" when
 *   `undefined`) and rejects `JOBSTORE_CONCURRENT_MODIFICATION` when it lost a race (the record changed or
 *   vanished). When the outcome is unknown (a network failure or abort in flight), it reads the record
 *   back: carrying `record.version` means it applied (resolve); otherwise it rejects, and marks the error
 *   with {@link markOutcomeUnknown} if even that could not be established (the backend then keeps the new
 *   content object rather than deleting what a record may point at).
 *   {@link deleteRecord} is conditional the same way. A record of one kind is never returned for another.
 * - **Logs**: `listRecords("log")` yields each log at most once per iteration (so a `readLogs` built on it
 *   never delivers a message twice in one call); `markRead` is idempotent.
 *
 * @example
 * ```ts
 * const backend = createLayeredBackend({ name: "s3", content, metadata: createS3MetadataLayer(options) });
 * ```
 * @public
 */
export interface MetadataLayer {
  /** Short name for messages, e.g. `"simpledb"`. */
  readonly name: string;
  /** The layer's limits; part of the backend's capabilities. */
  readonly limits: MetadataLimits;
  /** Optional: a new file ID suited to this layer (default a UUID); no I/O. */
  newFileId?(meta: { jobId?: string; basename?: string }): string;

  /** Creates the store: registry check, `storage.create`, registry "present". Rejects `JOBSTORE_EXISTS`. */
  create(storage: StorageHooks, options: CallOptions): Promise<void>;
  /** Rejects `JOBSTORE_NO_SUCH_STORE` unless the registry says the store is present. */
  open(options: CallOptions): Promise<void>;
  /** Removes the store, `storage.destroy` included. Idempotent; works on half-created stores. */
  destroy(storage: StorageHooks, options: CallOptions): Promise<void>;
  /** Releases clients the layer built. */
  close(): Promise<void>;

  /** Persists a new job. */
  createJob(job: StoredJob, options: CallOptions): Promise<void>;
  /** Persists many new jobs, batched where the storage allows. */
  createJobs(jobs: readonly StoredJob[], options: CallOptions): Promise<void>;
  /** Atomically replaces a job. Rejects `JOBSTORE_NO_SUCH_JOB`. */
  updateJob(job: StoredJob, options: CallOptions): Promise<void>;
  /** The job, or `undefined` when absent. */
  loadJob(jobId: string, options: CallOptions): Promise<StoredJob | undefined>;
  /** Whether the job exists. */
  jobExists(jobId: string, options: CallOptions): Promise<boolean>;
  /** Removes the job record (not its files). Idempotent. */
  deleteJob(jobId: string, options: CallOptions): Promise<void>;
  /** Every job, each once. */
  jobs(options: CallOptions): AsyncIterable<StoredJob>;

  /** The record of `kind` named `name` (consistent read), or `undefined`. */
  getRecord(kind: RecordKind, name: string, options: CallOptions): Promise<MetadataRecord | undefined>;
  /**
   * Writes `record` (kind, name, fixed fields and content) if the current record carries
   * `expectedVersion` (or, when `undefined`, if there is none).
   *
   * @throws `JOBSTORE_CONCURRENT_MODIFICATION` when it lost a race.
   */
  switchContent(
    record: MetadataRecord,
    expectedVersion: string | undefined,
    options: CallOptions,
  ): Promise<void>;
  /**
   * Removes the record if it still carries `expectedVersion`.
   *
   * @throws `JOBSTORE_CONCURRENT_MODIFICATION` when it changed or vanished meanwhile.
   */
  deleteRecord(kind: RecordKind, name: string, expectedVersion: string, options: CallOptions): Promise<void>;
  /** Removes records unconditionally, in batches of `limits.deleteBatchSize`. Missing ones are fine. */
  deleteRecords(kind: RecordKind, names: readonly string[], options: CallOptions): Promise<void>;
  /** Every record of `kind` matching `filter`, each at most once per iteration. */
  listRecords(kind: RecordKind, filter: RecordFilter, options: CallOptions): AsyncIterable<MetadataRecord>;
  /** Marks log records read. Idempotent. */
  markRead(names: readonly string[], options: CallOptions): Promise<void>;
}

const outcomeUnknown = new WeakSet<object>();

/**
 * Flags an error of {@link MetadataLayer.switchContent} whose write may have applied: the caller must
 * not delete the content it tried to record.
 *
 * @example
 * ```ts
 * throw markOutcomeUnknown(mapAwsError(err, "record file"));
 * ```
 * @public
 */
export function markOutcomeUnknown(err: JobStoreError): JobStoreError {
  outcomeUnknown.add(err);
  return err;
}

/**
 * Whether {@link markOutcomeUnknown} flagged `err`.
 *
 * @example
 * ```ts
 * if (!isOutcomeUnknown(err)) await content.discard(key);
 * ```
 * @public
 */
export function isOutcomeUnknown(err: unknown): boolean {
  return typeof err === "object" && err !== null && outcomeUnknown.has(err);
}

// The last timestamp logName gave out: names from one handle never share a millisecond, so that
// two messages written in a row list in write order (a UUID alone would order them at random).
let lastLogMs = 0;

/**
 * A new log name: the zero-padded millisecond timestamp first, so that name order is write order, then
 * a UUID for uniqueness. Without `now`, the timestamp is strictly increasing within this process (a
 * burst of messages runs ahead of the clock by at most one millisecond per message).
 *
 * @example
 * ```ts
 * logName(1700000000000, "u"); // "001700000000000-u"
 * ```
 * @public
 */
export function logName(now?: number, id: string = randomUUID()): string {
  let ms = now;
  if (ms === undefined) {
    lastLogMs = Math.max(Date.now(), lastLogMs + 1);
    ms = lastLogMs;
  }
  return `${String(ms).padStart(15, "0")}-${id}`;
}

/**
 * A record with `fields` and the content `content`, built property by property: an object spread
 * followed by further properties (`{ ...content, kind, name }`) cost ~15 µs per object on Node 20 in
 * the small-write path (measured), more than the rest of the backend's own work.
 *
 * @example
 * ```ts
 * const record = withContent({ kind: "shared", name, cleanup: false, executable: false, read: false }, stored);
 * ```
 * @public
 */
export function withContent(fields: RecordFields, content: ContentRef): MetadataRecord {
  return {
    version: content.version,
    checksum: content.checksum,
    size: content.size,
    encrypted: content.encrypted,
    inline: content.inline,
    key: content.key,
    kind: fields.kind,
    name: fields.name,
    owner: fields.owner,
    cleanup: fields.cleanup,
    executable: fields.executable,
    read: fields.read,
    basename: fields.basename,
  } as MetadataRecord;
}

/**
 * What a record holds besides its content.
 *
 * @public
 */
export type RecordFields = Omit<MetadataRecord, keyof ContentRef>;
