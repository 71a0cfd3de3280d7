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
  /** A name kept with the file where the backend can (also passed to `newFileId`). */
  basename?: string;
}

/**
 * A stored file as enumerated by {@link JobStoreBackend.listFiles}.
 *
 * @public
 */
export interface FileInfo {
  /** The file's ID. */
  fileId: FileId;
  /** The owning job, if any. */
  jobId?: string;
  /** Deleted with its owning job. */
  cleanup: boolean;
  /** The executable bit. */
  executable: boolean;
  /** Content size in bytes (plaintext). */
  size: number;
  /** The kept basename, if any. */
  basename?: string;
  /** Whether the content is encrypted at rest. */
  encrypted: boolean;
  /** SHA-256 of the plaintext, lowercase hex, where the backend records it. */
  sha256?: string;
}

/**
 * A shared file as enumerated by {@link JobStoreBackend.listSharedFiles}.
 *
 * @public
 */
export interface SharedFileInfo {
  /** The shared file's name. */
  name: string;
  /** Content size in bytes (plaintext). */
  size: number;
  /** Whether the content is encrypted at rest. */
  encrypted: boolean;
  /** SHA-256 of the plaintext, lowercase hex, where the backend records it. */
  sha256?: string;
}

/**
 * One stored log message, as enumerated by {@link JobStoreBackend.listLogs} (which marks nothing read).
 *
 * @public
 */
export interface LogEntry {
  /** The message bytes. */
  message: Buffer;
  /** Whether a `readLogs` call delivered it already. */
  read: boolean;
}

/**
 * Something a crash or a lost reply left behind: a temp file, an incomplete multipart upload, superseded
 * content, or (found by the front end) a `cleanup` file whose owning job no longer exists.
 *
 * @public
 */
export interface Leftover {
  /** What it is, e.g. `"temp-file"`, `"multipart-upload"`, `"orphan-content"`, `"orphan-file"`. */
  kind: string;
  /** What identifies it to the backend that reported it (a path, a key and upload ID, a file ID). */
  id: string;
  /** Its size in bytes, when known. */
  size?: number;
  /** When it was made, when known (leftovers younger than a running write may still be in use). */
  createdAt?: Date;
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
 * The options of {@link JobStoreBackend.createJob} and {@link JobStoreBackend.updateJob}: the call
 * options and, from the front end, the job's JSON text.
 *
 * @remarks
 * The front end encodes every job once to validate it (`jobToJson`); `json` hands that text on so
 * a backend that stores JSON need not stringify the job a second time. Optional: a backend must work
 * without it (a direct SPI caller, an older front end) by encoding `job` itself, and may ignore it.
 * When present it is exactly `jobToJson(job)` at the time of the call, version included.
 *
 * @example
 * ```ts
 * async updateJob(job, options) {
 *   await put(job.jobStoreId, options.json ?? JSON.stringify(job));
 * }
 * ```
 * @public
 */
export interface JobWriteOptions extends CallOptions {
  /** The job's JSON text, as the front end encoded it; absent when the caller did not encode it. */
  readonly json?: string;
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

  /**
   * Persists a new job (its `version` is already incremented). `options.json`, when present, is the
   * job's JSON text (see {@link JobWriteOptions}).
   */
  createJob(job: StoredJob, options: JobWriteOptions): Promise<void>;
  /** Persists many new jobs at once; present exactly when `capabilities.batchCreate` is true. */
  createJobs?(jobs: readonly StoredJob[], options: CallOptions): Promise<void>;
  /**
   * Atomically replaces a job. Rejects `JOBSTORE_NO_SUCH_JOB` if it does not exist. `options.json`, when
   * present, is the job's JSON text (see {@link JobWriteOptions}).
   */
  updateJob(job: StoredJob, options: JobWriteOptions): Promise<void>;
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
  /**
   * Stores a new file under `fileId`: one from {@link JobStoreBackend.newFileId}, or (when copying or
   * restoring a store) any ID another backend made, within `capabilities.maxIdBytes`.
   */
  writeFile(fileId: FileId, source: Readable, meta: FileWriteMeta, options: CallOptions): Promise<void>;
  /**
   * Optional fast path: stores the local regular file `localPath` as a new file (e.g. one `copyFile`).
   * Same obligations as `writeFile`; the front end has checked the path is a readable regular file.
   */
  writeFileFromPath?(
    fileId: FileId,
    localPath: string,
    meta: FileWriteMeta,
    options: CallOptions,
  ): Promise<void>;
  /** Optional fast path: replaces a file's content from a local file; same obligations as `updateFile`. */
  updateFileFromPath?(fileId: FileId, localPath: string, options: CallOptions): Promise<void>;
  /**
   * Optional fast path: puts a file's content at `localPath` atomically (temp file + rename), restoring
   * the executable bit and verifying the checksum. May hard-link or reflink an immutable, unencrypted
   * content version; may symlink to one only when `symlink` is true. Rejects `JOBSTORE_NO_SUCH_FILE`.
   */
  readFileToPath?(fileId: FileId, localPath: string, symlink: boolean, options: CallOptions): Promise<void>;
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

  /** Stores one log message; `read` stores it as already delivered (when a store is copied). */
  writeLogs(message: Uint8Array, options: CallOptions, read?: boolean): Promise<void>;
  /**
   * Calls `callback` once per unread message (and, with `readAll`, once per read one), marks each read,
   * and returns how many were delivered. Never delivers a message twice in one call.
   */
  readLogs(
    callback: (message: Buffer) => void | Promise<void>,
    readAll: boolean,
    options: CallOptions,
  ): Promise<number>;

  /** Every stored file with its metadata, best effort (files deleted during the walk may be skipped). */
  listFiles(options: CallOptions): AsyncIterable<FileInfo>;
  /** Every shared file (including `config.json` and `rootJobStoreID`) with its metadata. */
  listSharedFiles(options: CallOptions): AsyncIterable<SharedFileInfo>;
  /** Every log message with its read state, oldest first where the backend knows the order; marks nothing. */
  listLogs(options: CallOptions): AsyncIterable<LogEntry>;
  /**
   * What crashes left behind that the backend itself can see (temp files, incomplete uploads,
   * unreferenced content), never anything a live write may still need (the backend applies an age
   * threshold where it cannot tell). Absent: the backend leaves nothing behind.
   */
  findLeftovers?(options: CallOptions): AsyncIterable<Leftover>;
  /** Removes leftovers this backend reported. Idempotent. */
  removeLeftovers?(leftovers: readonly Leftover[], options: CallOptions): Promise<void>;

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
