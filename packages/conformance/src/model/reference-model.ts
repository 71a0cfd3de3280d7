import type { FileId, StoredJob } from "@jobstore/core";

/**
 * What the model knows of one job file: its bytes and the ownership recorded when it was written.
 *
 * @public
 */
export interface ModelFile {
  /** The current content. */
  readonly bytes: Uint8Array;
  /** The owning job, if any. */
  readonly jobId: string | undefined;
  /** Deleted with the owning job. */
  readonly cleanup: boolean;
}

/**
 * The pure reference model of one store: what every handle on it must observe. Values are never
 * mutated; every transition returns a new state, so a failing run can be replayed step by step.
 *
 * @public
 */
export interface ModelState {
  /** Live jobs by ID, as `loadJob` must return them (after a JSON round trip). */
  readonly jobs: ReadonlyMap<string, StoredJob>;
  /** Live job files by ID. */
  readonly files: ReadonlyMap<FileId, ModelFile>;
  /** Shared files by name (the suite's own names only; `config.json` is checked through `config`). */
  readonly shared: ReadonlyMap<string, Uint8Array>;
  /** Log messages not yet delivered by `readLogs`. */
  readonly unreadLogs: readonly Uint8Array[];
  /** Log messages delivered at least once. */
  readonly readLogs: readonly Uint8Array[];
  /** The root job set by `setRootJob`, if any (it may have been deleted since). */
  readonly rootJobId: string | undefined;
  /** Every job ID ever assigned in this run, live or not: commands pick from it by index. */
  readonly knownJobIds: readonly string[];
  /** Every file ID ever returned in this run, live or not. */
  readonly knownFileIds: readonly FileId[];
}

/**
 * The state of a freshly initialised store.
 *
 * @example
 * ```ts
 * let state = emptyModel();
 * state = modelCreateJob(state, { jobStoreId: "j1", version: 1 });
 * ```
 * @public
 */
export function emptyModel(): ModelState {
  return {
    jobs: new Map(),
    files: new Map(),
    shared: new Map(),
    unreadLogs: [],
    readLogs: [],
    rootJobId: undefined,
    knownJobIds: [],
    knownFileIds: [],
  };
}

/**
 * What a backend can keep of a job: a JSON round trip (drops `undefined`, turns `-0` into `0`).
 *
 * @example
 * ```ts
 * const expected = jsonCopy(job);
 * ```
 * @public
 */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function withKnownJob(ids: readonly string[], id: string): readonly string[] {
  return ids.includes(id) ? ids : [...ids, id];
}

/**
 * Records a created job (its `version` already incremented by the store).
 *
 * @example
 * ```ts
 * state = modelCreateJob(state, stored);
 * ```
 * @public
 */
export function modelCreateJob(state: ModelState, job: StoredJob): ModelState {
  const jobs = new Map(state.jobs).set(job.jobStoreId, jsonCopy(job));
  return { ...state, jobs, knownJobIds: withKnownJob(state.knownJobIds, job.jobStoreId) };
}

/**
 * Records a job ID that was assigned but whose job was never stored (a dropped batch).
 *
 * @example
 * ```ts
 * state = modelAssignedJob(state, job.jobStoreId);
 * ```
 * @public
 */
export function modelAssignedJob(state: ModelState, jobId: string): ModelState {
  return { ...state, knownJobIds: withKnownJob(state.knownJobIds, jobId) };
}

/**
 * Replaces a live job; a missing job leaves the state unchanged (the store must reject the update).
 *
 * @example
 * ```ts
 * state = modelUpdateJob(state, stored);
 * ```
 * @public
 */
export function modelUpdateJob(state: ModelState, job: StoredJob): ModelState {
  if (!state.jobs.has(job.jobStoreId)) return state;
  return { ...state, jobs: new Map(state.jobs).set(job.jobStoreId, jsonCopy(job)) };
}

/**
 * Deletes a job and every file written for it with `cleanup` (idempotent).
 *
 * @example
 * ```ts
 * state = modelDeleteJob(state, jobId);
 * ```
 * @public
 */
export function modelDeleteJob(state: ModelState, jobId: string): ModelState {
  const jobs = new Map(state.jobs);
  jobs.delete(jobId);
  const files = new Map([...state.files].filter(([, file]) => !(file.cleanup && file.jobId === jobId)));
  return { ...state, jobs, files };
}

/**
 * Records a file ID whose write failed: it must never exist, and later checks keep asking.
 *
 * @example
 * ```ts
 * state = modelAbandonedFile(state, capturedId);
 * ```
 * @public
 */
export function modelAbandonedFile(state: ModelState, fileId: FileId): ModelState {
  return state.knownFileIds.includes(fileId)
    ? state
    : { ...state, knownFileIds: [...state.knownFileIds, fileId] };
}

/**
 * Records a new file.
 *
 * @example
 * ```ts
 * state = modelWriteFile(state, fileId, { bytes, jobId: undefined, cleanup: false });
 * ```
 * @public
 */
export function modelWriteFile(state: ModelState, fileId: FileId, file: ModelFile): ModelState {
  return {
    ...state,
    files: new Map(state.files).set(fileId, file),
    knownFileIds: state.knownFileIds.includes(fileId) ? state.knownFileIds : [...state.knownFileIds, fileId],
  };
}

/**
 * Replaces a live file's content, keeping its ownership; a missing file leaves the state unchanged.
 *
 * @example
 * ```ts
 * state = modelUpdateFile(state, fileId, bytes);
 * ```
 * @public
 */
export function modelUpdateFile(state: ModelState, fileId: FileId, bytes: Uint8Array): ModelState {
  const file = state.files.get(fileId);
  if (!file) return state;
  return { ...state, files: new Map(state.files).set(fileId, { ...file, bytes }) };
}

/**
 * Deletes a file (idempotent).
 *
 * @example
 * ```ts
 * state = modelDeleteFile(state, fileId);
 * ```
 * @public
 */
export function modelDeleteFile(state: ModelState, fileId: FileId): ModelState {
  const files = new Map(state.files);
  files.delete(fileId);
  return { ...state, files };
}

/**
 * Creates or replaces a shared file.
 *
 * @example
 * ```ts
 * state = modelWriteShared(state, "stats.json", bytes);
 * ```
 * @public
 */
export function modelWriteShared(state: ModelState, name: string, bytes: Uint8Array): ModelState {
  return { ...state, shared: new Map(state.shared).set(name, bytes) };
}

/**
 * Stores one log message as unread.
 *
 * @example
 * ```ts
 * state = modelWriteLog(state, Buffer.from("done"));
 * ```
 * @public
 */
export function modelWriteLog(state: ModelState, message: Uint8Array): ModelState {
  return { ...state, unreadLogs: [...state.unreadLogs, message] };
}

/**
 * What `readLogs` must deliver (each message once, in no particular order) and the state after it.
 *
 * @example
 * ```ts
 * const { delivered, next } = modelReadLogs(state, false);
 * ```
 * @public
 */
export function modelReadLogs(
  state: ModelState,
  readAll: boolean,
): { delivered: readonly Uint8Array[]; next: ModelState } {
  const delivered = readAll ? [...state.readLogs, ...state.unreadLogs] : [...state.unreadLogs];
  return {
    delivered,
    next: { ...state, unreadLogs: [], readLogs: [...state.readLogs, ...state.unreadLogs] },
  };
}

/**
 * Records the root job.
 *
 * @example
 * ```ts
 * state = modelSetRoot(state, jobId);
 * ```
 * @public
 */
export function modelSetRoot(state: ModelState, jobId: string): ModelState {
  return { ...state, rootJobId: jobId };
}

/**
 * The job `loadRootJob` must return, or `undefined` when it must reject with `JOBSTORE_NO_SUCH_JOB`.
 *
 * @example
 * ```ts
 * const expected = modelRootJob(state);
 * ```
 * @public
 */
export function modelRootJob(state: ModelState): StoredJob | undefined {
  return state.rootJobId === undefined ? undefined : state.jobs.get(state.rootJobId);
}
