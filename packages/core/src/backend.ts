import type { Readable } from "node:stream";
import type { JobStoreCapabilities } from "./capabilities.js";
import type { CallOptions, FileId, StoredJob } from "./types.js";

/**
 * What a backend records with a new file.
 *
 * @public
 */
export interface FileWriteMeta {
  /** The owning job, if any. */
  jobId?: string;
  /** Delete with the owning job. Only meaningful with `jobId`. */
  cleanup: boolean;
  /** The executable bit of the source, restored by `readFile` to a path. */
  executable: boolean;
}

/**
 * A file opened for reading.
 *
 * @public
 */
export interface FileContent {
  /** The bytes. Errors (e.g. `JOBSTORE_CHECKSUM_MISMATCH`) surface as stream errors. */
  stream: Readable;
  /** The executable bit recorded at write time. */
  executable: boolean;
}

/**
 * The SPI a storage backend implements; users never call it directly but through
 * {@link createJobStore}, which validates every input, checks the open/closed state and abort signals
 * before calling the backend, and turns stray errors into {@link JobStoreError}s.
 *
 * @remarks
 * Obligations common to every method:
 * - inputs are already validated (IDs are non-empty strings, shared names match the pattern);
 * - reject with a {@link JobStoreError} whose code the method names; anything else becomes
 *   `JOBSTORE_UNAVAILABLE`;
 * - honour `options.signal` during I/O (the front-end checks it before the call);
 * - two backend objects created with the same settings are two handles on one store: whatever one
 *   writes, the other reads (as two processes would).
 *
 * Content arrives as a Node `Readable`; a write consumes it as it comes (never the whole file in memory
 * when the storage allows it) and commits only when the stream ends cleanly. If the stream errors, the
 * write rejects and nothing is stored: a file never appears half-written, and a failed update leaves the
 * previous content.
 *
 * @example
 * ```ts
 * export function createFooBackend(options: FooOptions): JobStoreBackend {
 *   return { name: "foo", capabilities: defineCapabilities({ publicUrls: "file" }), ...methods };
 * }
 * const store = createJobStore(createFooBackend(options));
 * ```
 * @public
 */
export interface JobStoreBackend {
  /** Short name used in messages, e.g. `"memory"`. */
  readonly name: string;
  /** A frozen manifest from {@link defineCapabilities}. */
  readonly capabilities: JobStoreCapabilities;

  /** Creates the physical storage. Rejects `JOBSTORE_EXISTS` if it exists already. */
  create(options: CallOptions): Promise<void>;
  /** Connects to existing storage. Rejects `JOBSTORE_NO_SUCH_STORE` if there is none. */
  open(options: CallOptions): Promise<void>;
  /** Removes everything. Idempotent; works on a never-opened handle and on half-created stores. */
  destroy(options: CallOptions): Promise<void>;
  /** Releases clients and timers. Called once by `JobStore.close()`. */
  close?(): Promise<void>;

  /** Persists a new job (its `version` is already incremented). */
  createJob(job: StoredJob, options: CallOptions): Promise<void>;
  /** Persists many new jobs at once; present exactly when `capabilities.batchCreate` is true. */
  createJobs?(jobs: readonly StoredJob[], options: CallOptions): Promise<void>;
  /** Atomically replaces a job. Rejects `JOBSTORE_NO_SUCH_JOB` if it does not exist. */
  updateJob(job: StoredJob, options: CallOptions): Promise<void>;
  /** The job, or `undefined` when absent. */
  loadJob(jobId: string, options: CallOptions): Promise<StoredJob | undefined>;
  /** Whether the job exists. */
  jobExists(jobId: string, options: CallOptions): Promise<boolean>;
  /** Removes the job and every file written for it with `cleanup`. Idempotent. */
  deleteJob(jobId: string, options: CallOptions): Promise<void>;
  /** Every job, best effort: never one twice; jobs deleted during the walk may be skipped. */
  jobs(options: CallOptions): AsyncIterable<StoredJob>;

  /** A fresh, unique file ID (no I/O); the file exists only once written. */
  newFileId(meta: { jobId?: string; basename?: string }): FileId;
  /** Stores a new file under an ID from {@link JobStoreBackend.newFileId}. */
  writeFile(fileId: FileId, source: Readable, meta: FileWriteMeta, options: CallOptions): Promise<void>;
  /**
   * Replaces an existing file's content. Rejects `JOBSTORE_NO_SUCH_FILE` if it is missing (ideally before
   * consuming `source`), `JOBSTORE_CONCURRENT_MODIFICATION` when another write won a race.
   */
  updateFile(fileId: FileId, source: Readable, options: CallOptions): Promise<void>;
  /** Opens a file. Rejects `JOBSTORE_NO_SUCH_FILE` if it is missing. */
  readFile(fileId: FileId, options: CallOptions): Promise<FileContent>;
  /** Removes a file. Idempotent. */
  deleteFile(fileId: FileId, options: CallOptions): Promise<void>;
  /** Whether the file exists. */
  fileExists(fileId: FileId, options: CallOptions): Promise<boolean>;
  /** The size in bytes; 0 when missing. */
  getFileSize(fileId: FileId, options: CallOptions): Promise<number>;

  /** Creates or atomically replaces a shared file; `encrypted` is already resolved. */
  writeSharedFile(name: string, source: Readable, encrypted: boolean, options: CallOptions): Promise<void>;
  /** Opens a shared file. Rejects `JOBSTORE_NO_SUCH_FILE` if it is missing. */
  readSharedFile(name: string, options: CallOptions): Promise<Readable>;

  /** Stores one log message. */
  writeLogs(message: Uint8Array, options: CallOptions): Promise<void>;
  /**
   * Calls `callback` once per unread message (and, with `readAll`, once per read one), marks each read,
   * and returns how many were delivered. Never delivers a message twice in one call.
   */
  readLogs(
    callback: (message: Buffer) => void | Promise<void>,
    readAll: boolean,
    options: CallOptions,
  ): Promise<number>;

  /** A URL anyone can GET for the file's bytes. Rejects `JOBSTORE_NO_SUCH_FILE`. */
  getPublicUrl(fileId: FileId, expiresInSeconds: number, options: CallOptions): Promise<string>;
  /** The same for a shared file. */
  getSharedPublicUrl(name: string, expiresInSeconds: number, options: CallOptions): Promise<string>;

  /**
   * Imports from a URL whose scheme is in `capabilities.importSchemes` (a fast path such as an S3
   * server-side copy), into a new file or a shared file.
   */
  importFile?(
    url: URL,
    target: { fileId: FileId; meta: FileWriteMeta } | { sharedFileName: string },
    options: CallOptions,
  ): Promise<void>;
  /** Exports a file to a URL whose scheme is in `capabilities.exportSchemes`. */
  exportFile?(fileId: FileId, url: URL, options: CallOptions): Promise<void>;
}
