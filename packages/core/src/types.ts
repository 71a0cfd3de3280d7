import type { Writable } from "node:stream";

/**
 * A job's description. The store reads only `jobStoreId`, `jobName` and `version`; every other field is
 * opaque and round-trips exactly (deep-equal after load), whatever its size.
 *
 * @public
 */
export interface JobDescription {
  /** Set by {@link JobStore.assignJobId}; required by `createJob`/`updateJob`. */
  jobStoreId?: string;
  /** A human-readable name, used in messages. */
  jobName?: string;
  /** Incremented by the store before every `createJob`/`updateJob` (Toil's pre-update hook). */
  version?: number;
  /** Anything else: must be JSON-serialisable. */
  [field: string]: unknown;
}

/**
 * A job description that has an ID (what `loadJob` returns and backends receive).
 *
 * @public
 */
export type StoredJob = JobDescription & {
  /** The job's ID, set by {@link JobStore.assignJobId}. */
  jobStoreId: string;
  /** How many times the job was written (`createJob` makes it at least 1). */
  version: number;
};

/**
 * The workflow's configuration: persisted unencrypted as shared file `config.json`.
 *
 * @public
 */
export interface JobStoreConfig {
  /** A fresh UUID assigned by `initialize`. */
  workflowId: string;
  /** Anything else the engine wants to keep across a restart (JSON-serialisable). */
  [field: string]: unknown;
}

/**
 * An opaque file ID as returned by the write methods.
 *
 * @public
 */
export type FileId = string;

/**
 * Per-call options every method accepts.
 *
 * @public
 */
export interface CallOptions {
  /** Aborts the call: an already-aborted signal rejects with `JOBSTORE_ABORTED` before any I/O. */
  signal?: AbortSignal;
}

/**
 * Reports a transfer's progress: bytes moved so far and, when known, the total (writes from a local path
 * know it from the start). `bytesDone` never decreases. Called at least once, at the end, with
 * `bytesDone === bytesTotal`; never after the call settled, except for `readFileStream`, whose progress
 * follows the caller's reading of the returned stream and ends when it ends.
 *
 * @example
 * ```ts
 * await store.writeFile("big.bin", { onProgress: (done, total) => bar.update(done, { total }) });
 * ```
 * @public
 */
export type ProgressCallback = (bytesDone: number, bytesTotal?: number) => void;

/**
 * Options of the calls that move a file's bytes (writes, reads, updates, import, export).
 *
 * @public
 */
export interface TransferOptions extends CallOptions {
  /** Called as bytes move; see {@link ProgressCallback}. An exception it throws fails the call. */
  onProgress?: ProgressCallback;
}

/**
 * Options for writing a new file.
 *
 * @public
 */
export interface WriteFileOptions extends TransferOptions {
  /** The job that owns the file. */
  jobId?: string;
  /** Delete the file when the owning job is deleted (needs `jobId`). */
  cleanup?: boolean;
  /** A name kept with the file where the backend can (defaults to the local file's basename). */
  basename?: string;
}

/**
 * Options for {@link JobStore.readFile}.
 *
 * @public
 */
export interface ReadFileOptions extends TransferOptions {
  /**
   * Allow a symbolic link to the store's own copy where the backend has one. Without it a backend may
   * still hard-link or reflink an immutable content version: either way the caller must not modify the
   * file it got (Toil's contract).
   */
  symlink?: boolean;
}

/**
 * Options for writing a shared file.
 *
 * @public
 */
export interface SharedFileOptions extends CallOptions {
  /** `true`: must encrypt; `false`: stored in the clear; omitted: encrypted when a key is configured. */
  encrypted?: boolean;
}

/**
 * Options for {@link JobStore.writeLogs}.
 *
 * @public
 */
export interface WriteLogsOptions extends CallOptions {
  /** Store the message as already read (copying a store keeps the read state); default `false`. */
  read?: boolean;
}

/**
 * Options for {@link JobStore.restoreFileStream}: the metadata a copied file had in its source store.
 *
 * @public
 */
export interface RestoreFileOptions extends TransferOptions {
  /** The owning job. */
  jobId?: string;
  /** Delete with the owning job (needs `jobId`). */
  cleanup?: boolean;
  /** The executable bit `readFile` restores. */
  executable?: boolean;
  /** The name kept with the file, where the backend keeps one. */
  basename?: string;
}

/**
 * Options for {@link JobStore.removeLeftovers}.
 *
 * @public
 */
export type RemoveLeftoversOptions = CallOptions;

/**
 * Options for {@link JobStore.readLogs}.
 *
 * @public
 */
export interface ReadLogsOptions extends CallOptions {
  /** Also re-deliver messages that were read before. */
  readAll?: boolean;
}

/**
 * Options for public URLs.
 *
 * @public
 */
export interface PublicUrlOptions extends CallOptions {
  /** How long the URL must stay valid; at least 3600 (the default), at most what the backend allows. */
  expiresInSeconds?: number;
}

/**
 * Options for {@link JobStore.importFile}.
 *
 * @public
 */
export interface ImportFileOptions extends WriteFileOptions {
  /** Import as this shared file instead of a job file. */
  sharedFileName?: string;
}

/**
 * The callback of the stream write methods: write into `writable`; ending it is optional. Its result is
 * awaited when it is a promise and ignored otherwise, so `(w) => w.end(bytes)` is a complete callback.
 *
 * @public
 */
export type WriteCallback = (writable: Writable, fileId: FileId) => unknown;
