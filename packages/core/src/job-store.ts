import type { Readable } from "node:stream";
import type { FileInfo, Leftover, LogEntry, SharedFileInfo } from "./backend.js";
import type { JobStoreCapabilities } from "./capabilities.js";
import type {
  CallOptions,
  FileId,
  ImportFileOptions,
  JobDescription,
  JobStoreConfig,
  PublicUrlOptions,
  ReadFileOptions,
  ReadLogsOptions,
  RemoveLeftoversOptions,
  RestoreFileOptions,
  SharedFileOptions,
  StoredJob,
  TransferOptions,
  WriteCallback,
  WriteFileOptions,
  WriteLogsOptions,
} from "./types.js";

/**
 * A workflow's durable state: jobs, files, shared files, log messages and the config. Made by
 * {@link createJobStore} or {@link openJobStore}; the same API whatever the backend.
 *
 * @remarks
 * Call `initialize()` (new store) or `resume()` (existing store) before anything but `destroy()`;
 * otherwise calls reject with `JOBSTORE_NOT_OPEN`. After `close()`, every call rejects with
 * `JOBSTORE_CLOSED`. Every method takes `{ signal }`: an aborted signal rejects with `JOBSTORE_ABORTED`
 * before any I/O. Errors are always {@link JobStoreError}s, except `TypeError`/`RangeError` for arguments of
 * the wrong type (a job that is not an object, a callback that is not a function), and except what a
 * caller's own callback (a write callback, `batch`'s `fn`, `readLogs`' callback) throws: that comes back
 * unchanged.
 *
 * @example
 * ```ts
 * const store = await openJobStore("memory:demo");
 * await store.initialize();
 * const job = store.assignJobId({ jobName: "root", command: "echo hi" });
 * await store.createJob(job);
 * const fileId = await store.writeFileStream(async (w) => { w.end("hello"); }, { jobId: job.jobStoreId, cleanup: true });
 * await store.close();
 * ```
 * @public
 */
export interface JobStore extends AsyncDisposable {
  /** The backend's name, e.g. `"memory"` or `"aws"`. */
  readonly backendName: string;
  /** The backend's capabilities. */
  readonly capabilities: JobStoreCapabilities;
  /** The config. @throws {@link JobStoreError} `JOBSTORE_NOT_OPEN` before `initialize`/`resume`. */
  readonly config: JobStoreConfig;

  /**
   * Creates the storage, assigns a fresh `workflowId` and persists the config.
   * @throws {@link JobStoreError} `JOBSTORE_EXISTS` when the storage exists already.
   */
  initialize(config?: Omit<JobStoreConfig, "workflowId">, options?: CallOptions): Promise<void>;
  /** Connects to existing storage and loads the config. @throws `JOBSTORE_NO_SUCH_STORE`. */
  resume(options?: CallOptions): Promise<void>;
  /** Persists the current config again (after the engine changed it). */
  writeConfig(options?: CallOptions): Promise<void>;
  /** Removes everything; idempotent, works on a never-opened handle and on half-created stores. */
  destroy(options?: CallOptions): Promise<void>;
  /** Releases the backend's clients; idempotent. Later calls reject with `JOBSTORE_CLOSED`. */
  close(): Promise<void>;

  /** Sets a new unique `jobStoreId` on `job` and returns it. No I/O. */
  assignJobId<T extends JobDescription>(
    job: T,
  ): T &
    JobDescription & {
      /** The fresh, unique ID just assigned. */
      jobStoreId: string;
    };
  /** Persists a job that has an ID, after incrementing its `version`. Deferred inside {@link JobStore.batch}. */
  createJob<T extends JobDescription>(job: T, options?: CallOptions): Promise<T & StoredJob>;
  /** Atomically replaces a job after incrementing its `version`. @throws `JOBSTORE_NO_SUCH_JOB`. */
  updateJob(job: JobDescription, options?: CallOptions): Promise<void>;
  /** Loads a job. @throws {@link JobStoreError} `JOBSTORE_NO_SUCH_JOB` when it does not exist. */
  loadJob(jobId: string, options?: CallOptions): Promise<StoredJob>;
  /** Whether a job exists; any string is a valid question. */
  jobExists(jobId: string, options?: CallOptions): Promise<boolean>;
  /** Deletes a job and its `cleanup` files; idempotent. */
  deleteJob(jobId: string, options?: CallOptions): Promise<void>;
  /** Every job, best effort; never one twice. */
  jobs(options?: CallOptions): AsyncIterable<StoredJob>;
  /**
   * Runs `fn`; `createJob` calls made inside it may be written together when it resolves. If `fn`
   * rejects, those jobs are dropped and the store stays usable.
   */
  batch<T>(fn: () => Promise<T> | T, options?: CallOptions): Promise<T>;
  /** Records the root job (shared file `rootJobStoreID`). */
  setRootJob(jobId: string, options?: CallOptions): Promise<void>;
  /** Loads the root job. @throws `JOBSTORE_NO_SUCH_JOB` when none is set or it is gone. */
  loadRootJob(options?: CallOptions): Promise<StoredJob>;

  /** Stores a local file (keeping its executable bit). */
  writeFile(localPath: string, options?: WriteFileOptions): Promise<FileId>;
  /** Stores what `callback` writes; nothing is stored if it rejects. */
  writeFileStream(callback: WriteCallback, options?: WriteFileOptions): Promise<FileId>;
  /** Creates an empty file that exists and is readable. */
  getEmptyFileStoreId(options?: WriteFileOptions): Promise<FileId>;
  /** Copies a file to `localPath` atomically. @throws `JOBSTORE_NO_SUCH_FILE`, `JOBSTORE_CHECKSUM_MISMATCH`. */
  readFile(fileId: FileId, localPath: string, options?: ReadFileOptions): Promise<void>;
  /** Opens a file for reading. @throws `JOBSTORE_NO_SUCH_FILE`. */
  readFileStream(fileId: FileId, options?: TransferOptions): Promise<Readable>;
  /** Replaces a file's content from a local file. @throws `JOBSTORE_NO_SUCH_FILE`, `JOBSTORE_CONCURRENT_MODIFICATION`. */
  updateFile(fileId: FileId, localPath: string, options?: TransferOptions): Promise<void>;
  /** Replaces a file's content with what `callback` writes; the old content stays if it rejects. */
  updateFileStream(
    fileId: FileId,
    callback: (writable: import("node:stream").Writable) => unknown,
    options?: TransferOptions,
  ): Promise<void>;
  /** Deletes a file; idempotent. */
  deleteFile(fileId: FileId, options?: CallOptions): Promise<void>;
  /** Whether a file exists. */
  fileExists(fileId: FileId, options?: CallOptions): Promise<boolean>;
  /** A file's size in bytes; 0 when it does not exist. */
  getFileSize(fileId: FileId, options?: CallOptions): Promise<number>;

  /** Creates or atomically replaces a shared file. @throws `JOBSTORE_INVALID_NAME`, `JOBSTORE_ENCRYPTION`. */
  writeSharedFileStream(
    name: string,
    callback: (writable: import("node:stream").Writable) => unknown,
    options?: SharedFileOptions,
  ): Promise<void>;
  /** Opens a shared file. @throws `JOBSTORE_NO_SUCH_FILE`, `JOBSTORE_INVALID_NAME`. */
  readSharedFileStream(name: string, options?: CallOptions): Promise<Readable>;

  /** Stores one log message (strings as UTF-8); `read: true` stores it as already read. */
  writeLogs(message: string | Uint8Array, options?: WriteLogsOptions): Promise<void>;
  /** Delivers unread messages (all with `readAll`) to `callback`, once each; returns how many. */
  readLogs(callback: (message: Buffer) => void | Promise<void>, options?: ReadLogsOptions): Promise<number>;

  /** A URL anyone can GET for the file. @throws `JOBSTORE_NO_SUCH_FILE`, `JOBSTORE_NOT_SUPPORTED`, `JOBSTORE_ENCRYPTION`. */
  getPublicUrl(fileId: FileId, options?: PublicUrlOptions): Promise<string>;
  /** The same for a shared file. */
  getSharedPublicUrl(name: string, options?: PublicUrlOptions): Promise<string>;
  /** Imports from a URL into a new file (or the shared file `sharedFileName`, then resolving to `undefined`). */
  importFile(url: string | URL, options?: ImportFileOptions): Promise<FileId | undefined>;
  /** Exports a file to a URL (`file:`, or what the backend adds). */
  exportFile(fileId: FileId, url: string | URL, options?: TransferOptions): Promise<void>;

  /**
   * Every file with its metadata (owner job, cleanup flag, size, basename, executable bit, checksum);
   * best effort, never one twice.
   */
  listFiles(options?: CallOptions): AsyncIterable<FileInfo>;
  /** Every shared file with its metadata, `config.json` and `rootJobStoreID` included. */
  listSharedFiles(options?: CallOptions): AsyncIterable<SharedFileInfo>;
  /** Every log message with its read state; unlike {@link JobStore.readLogs} it marks nothing read. */
  listLogs(options?: CallOptions): AsyncIterable<LogEntry>;
  /**
   * Stores what `callback` writes as a new file under a given ID (restoring or copying a store, where job
   * bodies refer to file IDs). @throws `JOBSTORE_EXISTS` when the ID is taken, `JOBSTORE_INVALID_NAME`
   * when the backend cannot hold it.
   */
  restoreFileStream(fileId: FileId, callback: WriteCallback, options?: RestoreFileOptions): Promise<void>;
  /**
   * What crashes left behind: the backend's temp files and incomplete uploads, and `cleanup` files whose
   * owning job no longer exists (kind `"orphan-file"`). Finds only; see {@link JobStore.removeLeftovers}.
   */
  findLeftovers(options?: CallOptions): AsyncIterable<Leftover>;
  /** Removes leftovers found by {@link JobStore.findLeftovers}; idempotent. */
  removeLeftovers(leftovers: readonly Leftover[], options?: RemoveLeftoversOptions): Promise<void>;
}
