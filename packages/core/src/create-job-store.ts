import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename as pathBasename } from "node:path";
import { Readable, type Writable } from "node:stream";
import { text } from "node:stream/consumers";
import type { FileWriteMeta, JobStoreBackend } from "./backend.js";
import { JobStoreError, isJobStoreError, throwIfAborted } from "./errors.js";
import { runCallbackWrite } from "./internal/callback-feed.js";
import { normaliseError } from "./internal/guard.js";
import {
  requireBasename,
  requireCallback,
  requireId,
  requireJob,
  requireSharedName,
  requireStorableJob,
  requireUrl,
} from "./internal/validate.js";
import type { JobStore } from "./job-store.js";
import type {
  CallOptions,
  FileId,
  JobStoreConfig,
  PublicUrlOptions,
  StoredJob,
  WriteFileOptions,
} from "./types.js";
import { openUrlSource, writeLocalFileAtomically, writeUrlDestination } from "./url-transfer.js";

const CONFIG_FILE = "config.json";
const ROOT_JOB_FILE = "rootJobStoreID";
const MIN_URL_SECONDS = 3600;

type State = "new" | "open" | "closed";

/**
 * Wraps a backend in the user-facing {@link JobStore}: validates every input once for all backends,
 * enforces the open/closed lifecycle, checks abort signals before any I/O and turns stray backend
 * errors into {@link JobStoreError}s.
 *
 * @example
 * ```ts
 * const store = createJobStore(createMemoryBackend({ name: "dev" }));
 * await store.initialize();
 * ```
 * @public
 */
export function createJobStore(backend: JobStoreBackend): JobStore {
  let state: State = "new";
  let config: JobStoreConfig | undefined;
  // Scoped to the batch callback's async context, so concurrent calls outside it are never swallowed
  // into the batch, and a failed batch leaves nothing behind (Toil's `_batchedUpdates` bug).
  const batchScope = new AsyncLocalStorage<StoredJob[]>();
  const caps = backend.capabilities;

  function enter(what: string, options: CallOptions | undefined, needsOpen = true): AbortSignal | undefined {
    if (state === "closed") throw new JobStoreError("JOBSTORE_CLOSED", `${what}: the store is closed`);
    if (needsOpen && state !== "open") {
      throw new JobStoreError("JOBSTORE_NOT_OPEN", `${what}: call initialize() or resume() first`);
    }
    throwIfAborted(options?.signal);
    return options?.signal;
  }

  async function call<T>(what: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw normaliseError(err, backend.name, what, signal);
    }
  }

  function opts(signal: AbortSignal | undefined): CallOptions {
    return signal ? { signal } : {};
  }

  function bumpVersion(job: StoredJob): void {
    job.version = (job.version ?? 0) + 1;
  }

  async function readSharedText(name: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    try {
      return await text(await backend.readSharedFile(name, opts(signal)));
    } catch (err) {
      if (isJobStoreError(err, "JOBSTORE_NO_SUCH_FILE")) return undefined;
      throw err;
    }
  }

  function fileMeta(options: WriteFileOptions | undefined, executable: boolean): FileWriteMeta {
    const jobId = options?.jobId === undefined ? undefined : requireId("jobId", options.jobId);
    return { ...(jobId ? { jobId } : {}), cleanup: options?.cleanup === true && jobId !== undefined, executable };
  }

  function newFileId(options: WriteFileOptions | undefined, fallbackName?: string): FileId {
    const basename = requireBasename(options?.basename) ?? fallbackName;
    const jobId = options?.jobId;
    return backend.newFileId({ ...(jobId ? { jobId } : {}), ...(basename ? { basename } : {}) });
  }

  function urlSeconds(options: PublicUrlOptions | undefined): number {
    const seconds = options?.expiresInSeconds ?? MIN_URL_SECONDS;
    if (!Number.isInteger(seconds) || seconds < MIN_URL_SECONDS) {
      throw new RangeError(`expiresInSeconds must be an integer of at least ${MIN_URL_SECONDS}, got ${seconds}`);
    }
    if (caps.maxPublicUrlSeconds > 0 && seconds > caps.maxPublicUrlSeconds) {
      throw new RangeError(`expiresInSeconds ${seconds} exceeds this backend's limit of ${caps.maxPublicUrlSeconds}`);
    }
    return seconds;
  }

  const store: JobStore = {
    backendName: backend.name,
    capabilities: caps,

    get config(): JobStoreConfig {
      if (state === "closed") throw new JobStoreError("JOBSTORE_CLOSED", "config: the store is closed");
      if (!config) throw new JobStoreError("JOBSTORE_NOT_OPEN", "config: call initialize() or resume() first");
      return config;
    },

    async initialize(initial = {}, options) {
      const signal = enter("initialize", options, false);
      if (state === "open") throw new JobStoreError("JOBSTORE_EXISTS", "initialize: this handle is already open");
      if (typeof initial !== "object" || initial === null) throw new TypeError("initialize: config must be an object");
      const fresh: JobStoreConfig = { ...initial, workflowId: randomUUID() };
      const bytes = JSON.stringify(fresh);
      await call("initialize", signal, async () => {
        await backend.create(opts(signal));
        await backend.writeSharedFile(CONFIG_FILE, Readable.from([Buffer.from(bytes)]), false, opts(signal));
      });
      config = fresh;
      state = "open";
    },

    async resume(options) {
      const signal = enter("resume", options, false);
      const loaded = await call("resume", signal, async () => {
        await backend.open(opts(signal));
        const raw = await readSharedText(CONFIG_FILE, signal);
        if (raw === undefined) {
          throw new JobStoreError("JOBSTORE_NO_SUCH_STORE", `resume: the ${backend.name} store has no ${CONFIG_FILE}`);
        }
        return JSON.parse(raw) as JobStoreConfig;
      });
      config = loaded;
      state = "open";
    },

    async writeConfig(options) {
      const signal = enter("writeConfig", options);
      const bytes = Buffer.from(JSON.stringify(config));
      await call("writeConfig", signal, () =>
        backend.writeSharedFile(CONFIG_FILE, Readable.from([bytes]), false, opts(signal)),
      );
    },

    async destroy(options) {
      const signal = enter("destroy", options, false);
      await call("destroy", signal, () => backend.destroy(opts(signal)));
      config = undefined;
      if (state === "open") state = "new";
    },

    async close() {
      if (state === "closed") return;
      state = "closed";
      await call("close", undefined, async () => backend.close?.());
    },

    async [Symbol.asyncDispose]() {
      await store.close();
    },

    assignJobId(job) {
      const checked = requireJob("assignJobId", job);
      checked.jobStoreId = randomUUID();
      return job as typeof job & { jobStoreId: string };
    },

    async createJob(job, options) {
      const signal = enter("createJob", options);
      const stored = requireStorableJob("createJob", job);
      bumpVersion(stored);
      const pending = batchScope.getStore();
      if (pending && caps.batchCreate) {
        // A snapshot: the caller may keep changing the object before the batch is flushed.
        pending.push(structuredClone(stored));
      } else {
        await call("createJob", signal, () => backend.createJob(stored, opts(signal)));
      }
      return stored as typeof job & StoredJob;
    },

    async updateJob(job, options) {
      const signal = enter("updateJob", options);
      const stored = requireStorableJob("updateJob", job);
      bumpVersion(stored);
      await call("updateJob", signal, () => backend.updateJob(stored, opts(signal)));
    },

    async loadJob(jobId, options) {
      const signal = enter("loadJob", options);
      requireId("jobId", jobId);
      const job = jobId === "" ? undefined : await call("loadJob", signal, () => backend.loadJob(jobId, opts(signal)));
      if (!job) throw new JobStoreError("JOBSTORE_NO_SUCH_JOB", `job ${JSON.stringify(jobId)} does not exist`);
      return job;
    },

    async jobExists(jobId, options) {
      const signal = enter("jobExists", options);
      requireId("jobId", jobId);
      return jobId !== "" && (await call("jobExists", signal, () => backend.jobExists(jobId, opts(signal))));
    },

    async deleteJob(jobId, options) {
      const signal = enter("deleteJob", options);
      requireId("jobId", jobId);
      if (jobId !== "") await call("deleteJob", signal, () => backend.deleteJob(jobId, opts(signal)));
    },

    jobs(options) {
      const signal = enter("jobs", options);
      return {
        async *[Symbol.asyncIterator]() {
          const seen = new Set<string>();
          const iterator = backend.jobs(opts(signal))[Symbol.asyncIterator]();
          while (true) {
            const next = await call("jobs", signal, () => iterator.next());
            if (next.done) return;
            // Never twice, whatever a paginating backend does while jobs change under it.
            if (seen.has(next.value.jobStoreId)) continue;
            seen.add(next.value.jobStoreId);
            yield next.value;
          }
        },
      };
    },

    async batch(fn, options) {
      const signal = enter("batch", options);
      requireCallback("batch", fn);
      const pending: StoredJob[] = [];
      const result = await batchScope.run(pending, () => fn());
      if (pending.length > 0) {
        throwIfAborted(signal);
        await call("batch", signal, () => backend.createJobs!(pending, opts(signal)));
      }
      return result;
    },

    async setRootJob(jobId, options) {
      const signal = enter("setRootJob", options);
      requireId("jobId", jobId);
      await call("setRootJob", signal, () =>
        backend.writeSharedFile(ROOT_JOB_FILE, Readable.from([Buffer.from(jobId)]), false, opts(signal)),
      );
    },

    async loadRootJob(options) {
      const signal = enter("loadRootJob", options);
      const rootId = await call("loadRootJob", signal, () => readSharedText(ROOT_JOB_FILE, signal));
      const job = rootId ? await call("loadRootJob", signal, () => backend.loadJob(rootId, opts(signal))) : undefined;
      if (!job) {
        const why = rootId ? `root job ${rootId} is gone` : "no root job was set";
        throw new JobStoreError("JOBSTORE_NO_SUCH_JOB", `loadRootJob: ${why} (workflow finished or never started)`);
      }
      return job;
    },

    async writeFile(localPath, options) {
      const signal = enter("writeFile", options);
      const info = await stat(localPath).catch((cause: unknown) => {
        throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `writeFile: cannot read local file ${localPath}`, { cause });
      });
      const fileId = newFileId(options, pathBasename(localPath));
      const meta = fileMeta(options, (info.mode & 0o111) !== 0);
      await call("writeFile", signal, () => backend.writeFile(fileId, createReadStream(localPath), meta, opts(signal)));
      return fileId;
    },

    async writeFileStream(callback, options) {
      const signal = enter("writeFileStream", options);
      requireCallback("writeFileStream", callback);
      const fileId = newFileId(options);
      const meta = fileMeta(options, false);
      await runCallbackWrite(
        (writable: Writable) => callback(writable, fileId),
        (source) => call("writeFileStream", signal, () => backend.writeFile(fileId, source, meta, opts(signal))),
      );
      return fileId;
    },

    async getEmptyFileStoreId(options) {
      const signal = enter("getEmptyFileStoreId", options);
      const fileId = newFileId(options);
      const meta = fileMeta(options, false);
      await call("getEmptyFileStoreId", signal, () => backend.writeFile(fileId, Readable.from([]), meta, opts(signal)));
      return fileId;
    },

    async readFile(fileId, localPath, options) {
      const signal = enter("readFile", options);
      requireId("fileId", fileId);
      // A checksum mismatch on a path read is retried once: the usual cause is a transient read fault.
      for (let attempt = 1; ; attempt++) {
        try {
          await call("readFile", signal, async () => {
            const content = await openFile(fileId, signal);
            await writeLocalFileAtomically(localPath, content.stream, content.executable);
          });
          return;
        } catch (err) {
          if (attempt >= 2 || !isJobStoreError(err, "JOBSTORE_CHECKSUM_MISMATCH")) throw err;
        }
      }
    },

    async readFileStream(fileId, options) {
      const signal = enter("readFileStream", options);
      requireId("fileId", fileId);
      return (await call("readFileStream", signal, () => openFile(fileId, signal))).stream;
    },

    async updateFile(fileId, localPath, options) {
      const signal = enter("updateFile", options);
      requireId("fileId", fileId);
      await stat(localPath).catch((cause: unknown) => {
        throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `updateFile: cannot read local file ${localPath}`, { cause });
      });
      requireExistingId(fileId);
      await call("updateFile", signal, () => backend.updateFile(fileId, createReadStream(localPath), opts(signal)));
    },

    async updateFileStream(fileId, callback, options) {
      const signal = enter("updateFileStream", options);
      requireId("fileId", fileId);
      requireCallback("updateFileStream", callback);
      requireExistingId(fileId);
      await runCallbackWrite(callback, (source) =>
        call("updateFileStream", signal, () => backend.updateFile(fileId, source, opts(signal))),
      );
    },

    async deleteFile(fileId, options) {
      const signal = enter("deleteFile", options);
      requireId("fileId", fileId);
      if (fileId !== "") await call("deleteFile", signal, () => backend.deleteFile(fileId, opts(signal)));
    },

    async fileExists(fileId, options) {
      const signal = enter("fileExists", options);
      requireId("fileId", fileId);
      return fileId !== "" && (await call("fileExists", signal, () => backend.fileExists(fileId, opts(signal))));
    },

    async getFileSize(fileId, options) {
      const signal = enter("getFileSize", options);
      requireId("fileId", fileId);
      return fileId === "" ? 0 : call("getFileSize", signal, () => backend.getFileSize(fileId, opts(signal)));
    },

    async writeSharedFileStream(name, callback, options) {
      const signal = enter("writeSharedFileStream", options);
      requireSharedName(name);
      requireCallback("writeSharedFileStream", callback);
      const encrypted = options?.encrypted ?? caps.encryption;
      if (encrypted && !caps.encryption) {
        throw new JobStoreError("JOBSTORE_ENCRYPTION", `shared file ${name}: encryption asked for but no key is configured`);
      }
      await runCallbackWrite(callback, (source) =>
        call("writeSharedFileStream", signal, () => backend.writeSharedFile(name, source, encrypted, opts(signal))),
      );
    },

    async readSharedFileStream(name, options) {
      const signal = enter("readSharedFileStream", options);
      requireSharedName(name);
      return call("readSharedFileStream", signal, () => backend.readSharedFile(name, opts(signal)));
    },

    async writeLogs(message, options) {
      const signal = enter("writeLogs", options);
      if (typeof message !== "string" && !(message instanceof Uint8Array)) {
        throw new TypeError("writeLogs: the message must be a string or a Uint8Array");
      }
      const bytes = typeof message === "string" ? Buffer.from(message, "utf8") : message;
      await call("writeLogs", signal, () => backend.writeLogs(bytes, opts(signal)));
    },

    async readLogs(callback, options) {
      const signal = enter("readLogs", options);
      requireCallback("readLogs", callback);
      return call("readLogs", signal, () => backend.readLogs(callback, options?.readAll === true, opts(signal)));
    },

    async getPublicUrl(fileId, options) {
      const signal = enter("getPublicUrl", options);
      requireId("fileId", fileId);
      const seconds = urlSeconds(options);
      requirePublicUrls();
      requireExistingId(fileId);
      return call("getPublicUrl", signal, () => backend.getPublicUrl(fileId, seconds, opts(signal)));
    },

    async getSharedPublicUrl(name, options) {
      const signal = enter("getSharedPublicUrl", options);
      requireSharedName(name);
      const seconds = urlSeconds(options);
      requirePublicUrls();
      return call("getSharedPublicUrl", signal, () => backend.getSharedPublicUrl(name, seconds, opts(signal)));
    },

    async importFile(url, options) {
      const signal = enter("importFile", options);
      const parsed = requireUrl(url);
      const shared = options?.sharedFileName === undefined ? undefined : requireSharedName(options.sharedFileName);
      const scheme = parsed.protocol.slice(0, -1);
      if (backend.importFile && caps.importSchemes.includes(scheme)) {
        const fileId = shared ? undefined : newFileId(options, lastSegment(parsed));
        const target = fileId ? { fileId, meta: fileMeta(options, false) } : { sharedFileName: shared! };
        await call("importFile", signal, () => backend.importFile!(parsed, target, opts(signal)));
        return fileId;
      }
      const source = await call("importFile", signal, () => openUrlSource(parsed, signal));
      if (shared) {
        await call("importFile", signal, () =>
          backend.writeSharedFile(shared, source.stream, caps.encryption, opts(signal)),
        );
        return undefined;
      }
      const fileId = newFileId(options, lastSegment(parsed));
      const meta = fileMeta(options, source.executable);
      await call("importFile", signal, () => backend.writeFile(fileId, source.stream, meta, opts(signal)));
      return fileId;
    },

    async exportFile(fileId, url, options) {
      const signal = enter("exportFile", options);
      requireId("fileId", fileId);
      const parsed = requireUrl(url);
      requireExistingId(fileId);
      const scheme = parsed.protocol.slice(0, -1);
      if (backend.exportFile && caps.exportSchemes.includes(scheme)) {
        await call("exportFile", signal, () => backend.exportFile!(fileId, parsed, opts(signal)));
        return;
      }
      if (parsed.protocol !== "file:") {
        throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `cannot export to ${parsed.protocol} URLs (${parsed.href})`);
      }
      await call("exportFile", signal, async () => {
        const content = await openFile(fileId, signal);
        await writeUrlDestination(parsed, content.stream, content.executable);
      });
    },
  };

  async function openFile(fileId: FileId, signal: AbortSignal | undefined) {
    requireExistingId(fileId);
    return backend.readFile(fileId, opts(signal));
  }

  function requireExistingId(fileId: FileId): void {
    if (fileId === "") throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", "file \"\" does not exist");
  }

  function requirePublicUrls(): void {
    if (caps.publicUrls === "none") {
      throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `the ${backend.name} backend has no public URLs`);
    }
  }

  return store;
}

function lastSegment(url: URL): string | undefined {
  const segment = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  return segment && !segment.includes("/") ? segment : undefined;
}

