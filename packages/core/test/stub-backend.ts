import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { pathToFileURL } from "node:url";
import {
  defineCapabilities,
  type FileWriteMeta,
  type JobStoreBackend,
  type JobStoreCapabilities,
  JobStoreError,
  type StoredJob,
} from "../src/index.js";

/** The SPI methods a test may count or replace. */
export type BackendMethod = Exclude<keyof JobStoreBackend, "name" | "capabilities">;

/** A stub backend plus what a test needs to look inside it. */
export interface StubBackend extends JobStoreBackend {
  /** How many times each SPI method was called (`newFileId` included: a test of "no call" means none). */
  readonly calls: Map<BackendMethod, number>;
  /** The sum of {@link StubBackend.calls}. */
  totalCalls(): number;
  /** Stored state, for assertions that bypass the front-end. */
  readonly state: StubState;
}

/** The stub's storage. Shared between backends made with the same `state` (two handles on one store). */
export interface StubState {
  created: boolean;
  jobs: Map<string, StoredJob>;
  files: Map<
    string,
    { data: Buffer; executable: boolean; jobId?: string; cleanup: boolean; basename?: string }
  >;
  shared: Map<string, { data: Buffer; encrypted: boolean }>;
  logs: { data: Buffer; read: boolean }[];
  /** Every list `createJobs` received, in order. */
  batches: StoredJob[][];
}

/** Options for {@link createStubBackend}. */
export interface StubBackendOptions {
  capabilities?: Partial<JobStoreCapabilities>;
  /** Replaces SPI methods (still counted), e.g. one that fails or blocks. */
  overrides?: Partial<Pick<JobStoreBackend, BackendMethod>>;
  /** Storage to share with another stub (defaults to a fresh one). */
  state?: StubState;
}

/** A fresh, empty {@link StubState}. */
export function createStubState(): StubState {
  return { created: false, jobs: new Map(), files: new Map(), shared: new Map(), logs: [], batches: [] };
}

function clone(job: StoredJob): StoredJob {
  return structuredClone(job);
}

function noSuchFile(id: string): JobStoreError {
  return new JobStoreError("JOBSTORE_NO_SUCH_FILE", `file ${id} does not exist`, { backend: "stub" });
}

/**
 * A minimal in-memory {@link JobStoreBackend} whose every method is counted, so tests of the front-end can
 * assert that a call did (or did not) reach the backend.
 */
export function createStubBackend(options: StubBackendOptions = {}): StubBackend {
  const state = options.state ?? createStubState();
  const capabilities = defineCapabilities({
    batchCreate: true,
    publicUrls: "file",
    maxPublicUrlSeconds: 7 * 24 * 3600,
    ...options.capabilities,
  });

  const methods: Pick<JobStoreBackend, BackendMethod> = {
    async create() {
      if (state.created) throw new JobStoreError("JOBSTORE_EXISTS", "the stub store exists");
      state.created = true;
    },
    async open() {
      if (!state.created) throw new JobStoreError("JOBSTORE_NO_SUCH_STORE", "the stub store does not exist");
    },
    async destroy() {
      const fresh = createStubState();
      Object.assign(state, { ...fresh, batches: state.batches });
    },
    async close() {},

    async createJob(job) {
      state.jobs.set(job.jobStoreId, clone(job));
    },
    async createJobs(jobs) {
      state.batches.push(jobs.map(clone));
      for (const job of jobs) state.jobs.set(job.jobStoreId, clone(job));
    },
    async updateJob(job) {
      if (!state.jobs.has(job.jobStoreId)) {
        throw new JobStoreError("JOBSTORE_NO_SUCH_JOB", `job ${job.jobStoreId} does not exist`);
      }
      state.jobs.set(job.jobStoreId, clone(job));
    },
    async loadJob(jobId) {
      const job = state.jobs.get(jobId);
      return job && clone(job);
    },
    async jobExists(jobId) {
      return state.jobs.has(jobId);
    },
    async deleteJob(jobId) {
      state.jobs.delete(jobId);
      for (const [id, file] of state.files) if (file.cleanup && file.jobId === jobId) state.files.delete(id);
    },
    jobs() {
      const snapshot = [...state.jobs.values()].map(clone);
      return (async function* () {
        yield* snapshot;
      })();
    },

    newFileId(meta) {
      return `${meta.jobId ?? "nojob"}/${randomUUID()}/${meta.basename ?? "stream"}`;
    },
    async writeFile(fileId, source, meta: FileWriteMeta) {
      const data = await buffer(source);
      state.files.set(fileId, { data, ...meta });
    },
    async updateFile(fileId, source) {
      const file = state.files.get(fileId);
      if (!file) throw noSuchFile(fileId);
      file.data = await buffer(source);
    },
    async readFile(fileId) {
      const file = state.files.get(fileId);
      if (!file) throw noSuchFile(fileId);
      return { stream: Readable.from([file.data]), executable: file.executable };
    },
    async deleteFile(fileId) {
      state.files.delete(fileId);
    },
    async fileExists(fileId) {
      return state.files.has(fileId);
    },
    async getFileSize(fileId) {
      return state.files.get(fileId)?.data.length ?? 0;
    },

    async writeSharedFile(name, source, encrypted) {
      const data = await buffer(source);
      state.shared.set(name, { data, encrypted });
    },
    async readSharedFile(name) {
      const file = state.shared.get(name);
      if (!file) throw noSuchFile(name);
      return Readable.from([file.data]);
    },

    async writeLogs(message, _options, read) {
      state.logs.push({ data: Buffer.from(message), read: read === true });
    },
    async readLogs(callback, readAll) {
      let delivered = 0;
      for (const log of state.logs) {
        if (log.read && !readAll) continue;
        await callback(log.data);
        log.read = true;
        delivered++;
      }
      return delivered;
    },

    async *listFiles() {
      for (const [fileId, f] of [...state.files]) {
        yield {
          fileId,
          ...(f.jobId === undefined ? {} : { jobId: f.jobId }),
          cleanup: f.cleanup,
          executable: f.executable,
          size: f.data.length,
          ...(f.basename === undefined ? {} : { basename: f.basename }),
          encrypted: false,
        };
      }
    },
    async *listSharedFiles() {
      for (const [name, f] of [...state.shared]) yield { name, size: f.data.length, encrypted: f.encrypted };
    },
    async *listLogs() {
      for (const log of [...state.logs]) yield { message: Buffer.from(log.data), read: log.read };
    },

    async getPublicUrl(fileId) {
      if (!state.files.has(fileId)) throw noSuchFile(fileId);
      return pathToFileURL(`/stub/${fileId}`).href;
    },
    async getSharedPublicUrl(name) {
      if (!state.shared.has(name)) throw noSuchFile(name);
      return pathToFileURL(`/stub/shared/${name}`).href;
    },
  };

  const calls = new Map<BackendMethod, number>();
  const backend: Record<string, unknown> = { name: "stub", capabilities, calls, state };
  const impl: Record<string, unknown> = { ...methods, ...options.overrides };
  if (!capabilities.batchCreate) delete impl.createJobs;
  for (const [name, fn] of Object.entries(impl)) {
    if (typeof fn !== "function") continue;
    backend[name] = (...args: unknown[]) => {
      calls.set(name as BackendMethod, (calls.get(name as BackendMethod) ?? 0) + 1);
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  }
  backend.totalCalls = () => [...calls.values()].reduce((sum, n) => sum + n, 0);
  return backend as unknown as StubBackend;
}

/** Reads a whole stream, for assertions. */
export async function readAll(stream: Readable): Promise<Buffer> {
  return buffer(stream);
}
