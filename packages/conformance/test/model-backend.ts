import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import {
  abortError,
  type CallOptions,
  defineCapabilities,
  type FileContent,
  type FileInfo,
  type FileWriteMeta,
  type JobStoreBackend,
  type JobStoreCapabilities,
  JobStoreError,
  type StoredJob,
  throwIfAborted,
} from "@jobstore/core";

/** One stored file of the model backend. */
export interface ModelBackendFile {
  bytes: Buffer;
  jobId: string | undefined;
  cleanup: boolean;
  executable: boolean;
  basename: string | undefined;
}

/** Everything one model store holds; shared by every handle opened on the same name. */
export interface ModelBackendState {
  /** Jobs as JSON text, so every load returns a fresh copy. */
  jobs: Map<string, string>;
  files: Map<string, ModelBackendFile>;
  shared: Map<string, Buffer>;
  logs: Array<{ bytes: Buffer; read: boolean }>;
}

/**
 * The limits the model backend claims. It stores everything in one piece, but claiming small limits
 * makes the suite probe sizes around them, and lets mutants misbehave exactly there.
 */
export const MODEL_CAPABILITIES: JobStoreCapabilities = defineCapabilities({
  batchCreate: true,
  inlineFileLimit: 64,
  partSize: 1024,
  deleteBatchSize: 5,
  jobChunkSize: 300,
  overlargeJobThreshold: 2000,
  maxIdBytes: 200,
  maxSharedNameBytes: 120,
});

// The process-wide registry: two handles on one name see one store, as two processes on one bucket would.
const registry = new Map<string, ModelBackendState>();

/**
 * The state of the named store, for mutants that corrupt it after the fact.
 *
 * @throws {@link JobStoreError} `JOBSTORE_NO_SUCH_STORE` when the store does not exist.
 */
export function modelBackendState(name: string): ModelBackendState {
  const state = registry.get(name);
  if (!state) throw new JobStoreError("JOBSTORE_NO_SUCH_STORE", `model store ${name} does not exist`);
  return state;
}

/**
 * Consumes a stream chunk by chunk; rejects with `JOBSTORE_ABORTED` as soon as the signal fires (the
 * source is destroyed so a pending read ends) and at the end if it fired meanwhile.
 */
export async function consumeStream(source: Readable, signal: AbortSignal | undefined): Promise<Buffer> {
  const onAbort = () => source.destroy(abortError(signal));
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of source) {
      throwIfAborted(signal);
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    }
    throwIfAborted(signal);
    return Buffer.concat(chunks);
  } catch (err) {
    throwIfAborted(signal);
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

function bytesStream(bytes: Buffer): Readable {
  return Readable.from(bytes.length > 0 ? [Buffer.from(bytes)] : [], { objectMode: false });
}

/**
 * A simple, correct backend over an in-process registry: the "model" the conformance self-test runs
 * the whole suite against, and the base every mutant alters. It is not `@jobstore/backend-memory`,
 * which depends on this package for its own tests.
 *
 * @example
 * ```ts
 * const store = createJobStore(createModelBackend({ name: randomUUID() }));
 * ```
 */
export function createModelBackend(options: {
  name: string;
  capabilities?: JobStoreCapabilities;
}): JobStoreBackend {
  const { name } = options;
  const state = () => modelBackendState(name);
  const file = (fileId: string): ModelBackendFile => {
    const found = state().files.get(fileId);
    if (!found) throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `file ${fileId} does not exist`);
    return found;
  };
  const storeJob = (job: StoredJob) => state().jobs.set(job.jobStoreId, JSON.stringify(job));

  return {
    name: "model",
    capabilities: options.capabilities ?? MODEL_CAPABILITIES,

    async create() {
      if (registry.has(name)) throw new JobStoreError("JOBSTORE_EXISTS", `model store ${name} exists`);
      registry.set(name, { jobs: new Map(), files: new Map(), shared: new Map(), logs: [] });
    },
    async open() {
      if (!registry.has(name))
        throw new JobStoreError("JOBSTORE_NO_SUCH_STORE", `model store ${name} does not exist`);
    },
    async destroy() {
      registry.delete(name);
    },
    async close() {},

    async createJob(job) {
      storeJob(job);
    },
    async createJobs(jobs) {
      for (const job of jobs) storeJob(job);
    },
    async updateJob(job) {
      if (!state().jobs.has(job.jobStoreId)) {
        throw new JobStoreError("JOBSTORE_NO_SUCH_JOB", `job ${job.jobStoreId} does not exist`);
      }
      storeJob(job);
    },
    async loadJob(jobId) {
      const text = state().jobs.get(jobId);
      return text === undefined ? undefined : (JSON.parse(text) as StoredJob);
    },
    async jobExists(jobId) {
      return state().jobs.has(jobId);
    },
    async deleteJob(jobId) {
      const s = state();
      s.jobs.delete(jobId);
      for (const [fileId, f] of s.files) if (f.cleanup && f.jobId === jobId) s.files.delete(fileId);
    },
    async *jobs() {
      for (const jobId of [...state().jobs.keys()]) {
        const text = state().jobs.get(jobId);
        if (text !== undefined) yield JSON.parse(text) as StoredJob;
      }
    },

    newFileId(meta) {
      // Within maxIdBytes whatever the job ID and basename: the name is kept only when it fits.
      const id = randomUUID();
      const named = meta.basename ? `${id}/${meta.basename}` : id;
      return Buffer.byteLength(named) <= MODEL_CAPABILITIES.maxIdBytes ? named : id;
    },
    async writeFile(fileId: string, source: Readable, meta: FileWriteMeta, call: CallOptions) {
      const bytes = await consumeStream(source, call.signal);
      state().files.set(fileId, {
        bytes,
        jobId: meta.jobId,
        cleanup: meta.cleanup,
        executable: meta.executable,
        basename: meta.basename,
      });
    },
    async updateFile(fileId, source, call) {
      file(fileId);
      const bytes = await consumeStream(source, call.signal);
      file(fileId).bytes = bytes;
    },
    async readFile(fileId): Promise<FileContent> {
      const found = file(fileId);
      return { stream: bytesStream(found.bytes), executable: found.executable };
    },
    async deleteFile(fileId) {
      state().files.delete(fileId);
    },
    async fileExists(fileId) {
      return state().files.has(fileId);
    },
    async getFileSize(fileId) {
      return state().files.get(fileId)?.bytes.length ?? 0;
    },

    async writeSharedFile(sharedName, source, _encrypted, call) {
      const bytes = await consumeStream(source, call.signal);
      state().shared.set(sharedName, bytes);
    },
    async readSharedFile(sharedName) {
      const bytes = state().shared.get(sharedName);
      if (!bytes)
        throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `shared file ${sharedName} does not exist`);
      return bytesStream(bytes);
    },

    async writeLogs(message, _options, read) {
      state().logs.push({ bytes: Buffer.from(message), read: read === true });
    },
    async readLogs(callback, readAll) {
      let delivered = 0;
      for (const entry of [...state().logs]) {
        if (entry.read && !readAll) continue;
        entry.read = true;
        await callback(Buffer.from(entry.bytes));
        delivered++;
      }
      return delivered;
    },

    async *listFiles() {
      for (const [fileId, f] of [...state().files]) {
        const info: FileInfo = {
          fileId,
          cleanup: f.cleanup,
          executable: f.executable,
          size: f.bytes.length,
          encrypted: false,
        };
        if (f.jobId !== undefined) info.jobId = f.jobId;
        if (f.basename !== undefined) info.basename = f.basename;
        yield info;
      }
    },
    async *listSharedFiles() {
      for (const [sharedName, bytes] of [...state().shared]) {
        yield { name: sharedName, size: bytes.length, encrypted: false };
      }
    },
    async *listLogs() {
      for (const entry of [...state().logs]) yield { message: Buffer.from(entry.bytes), read: entry.read };
    },

    async getPublicUrl() {
      throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", "the model backend has no public URLs");
    },
    async getSharedPublicUrl() {
      throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", "the model backend has no public URLs");
    },
  };
}

/**
 * A conformance `setup` for the model backend (or a mutant of it): one fresh store name per call.
 */
export function modelSetup(make: (name: string) => JobStoreBackend = (name) => createModelBackend({ name })) {
  return () => {
    const name = randomUUID();
    return {
      open: () => make(name),
      teardown: () => {
        registry.delete(name);
      },
    };
  };
}
