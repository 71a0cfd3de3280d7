import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import type { JobStoreBackend } from "./backend.js";
import { isJobStoreError, JobStoreError } from "./errors.js";
import { createFileOps } from "./internal/file-ops.js";
import { closedError, createStoreContext, opts } from "./internal/store-context.js";
import { requireCallback, requireId, requireJob, requireStorableJob } from "./internal/validate.js";
import type { JobStore } from "./job-store.js";
import type { JobDescription, JobStoreConfig, StoredJob } from "./types.js";

const CONFIG_FILE = "config.json";
const ROOT_JOB_FILE = "rootJobStoreID";

/** The jobs deferred by one `batch()` call; `collecting` turns false once its callback has settled. */
interface PendingBatch {
  jobs: StoredJob[];
  collecting: boolean;
}

/**
 * Wraps a backend in the user-facing {@link JobStore}: validates every input once for all backends,
 * enforces the open/closed lifecycle, checks abort signals before any I/O and turns stray backend
 * errors into {@link JobStoreError}s.
 *
 * @remarks
 * The returned store never calls the backend before `initialize()`/`resume()` (except `destroy()`) nor
 * after `close()`, and never with an already-aborted signal.
 *
 * @example
 * ```ts
 * const store = createJobStore(createMemoryBackend({ name: "dev" }));
 * await store.initialize();
 * ```
 * @public
 */
export function createJobStore(backend: JobStoreBackend): JobStore {
  const ctx = createStoreContext(backend);
  const { caps, enter, call } = ctx;
  let config: JobStoreConfig | undefined;
  // Scoped to the batch callback's async context, so concurrent calls outside it are never swallowed
  // into the batch, and a failed batch leaves nothing behind (Toil's `_batchedUpdates` bug).
  const batchScope = new AsyncLocalStorage<PendingBatch>();

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

  // A handle closed while initialize/resume was in flight must stay closed.
  function markOpen(what: string): void {
    if (ctx.state === "closed") throw closedError(what);
    ctx.state = "open";
  }

  const store: JobStore = {
    backendName: backend.name,
    capabilities: caps,

    get config(): JobStoreConfig {
      if (ctx.state === "closed") throw closedError("config");
      if (!config)
        throw new JobStoreError("JOBSTORE_NOT_OPEN", "config: call initialize() or resume() first");
      return config;
    },

    async initialize(initial = {}, options) {
      const signal = enter("initialize", options, false);
      if (ctx.state === "open")
        throw new JobStoreError("JOBSTORE_EXISTS", "initialize: this handle is already open");
      if (typeof initial !== "object" || initial === null)
        throw new TypeError("initialize: config must be an object");
      const fresh: JobStoreConfig = { ...initial, workflowId: randomUUID() };
      const bytes = Buffer.from(JSON.stringify(fresh));
      await call("initialize", signal, async () => {
        await backend.create(opts(signal));
        await backend.writeSharedFile(CONFIG_FILE, Readable.from([bytes]), false, opts(signal));
      });
      config = fresh;
      markOpen("initialize");
    },

    async resume(options) {
      const signal = enter("resume", options, false);
      const loaded = await call("resume", signal, async () => {
        await backend.open(opts(signal));
        const raw = await readSharedText(CONFIG_FILE, signal);
        if (raw === undefined) {
          throw new JobStoreError(
            "JOBSTORE_NO_SUCH_STORE",
            `resume: the ${backend.name} store has no ${CONFIG_FILE}`,
          );
        }
        return parseConfig(raw);
      });
      config = loaded;
      markOpen("resume");
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
      if (ctx.state === "open") ctx.state = "new";
    },

    async close() {
      if (ctx.state === "closed") return;
      ctx.state = "closed";
      await call("close", undefined, async () => backend.close?.());
    },

    async [Symbol.asyncDispose]() {
      await store.close();
    },

    assignJobId(job) {
      const checked = requireJob("assignJobId", job);
      checked.jobStoreId = randomUUID();
      return job as typeof job & JobDescription & { jobStoreId: string };
    },

    async createJob(job, options) {
      const signal = enter("createJob", options);
      const stored = requireStorableJob("createJob", job);
      bumpVersion(stored);
      const pending = batchScope.getStore();
      // A create made after its batch settled (a timer started inside the callback) is written at once,
      // not pushed onto a list nobody will flush.
      if (pending?.collecting && caps.batchCreate) {
        // A snapshot: the caller may keep changing the object before the batch is flushed.
        pending.jobs.push(structuredClone(stored));
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
      const job =
        jobId === "" ? undefined : await call("loadJob", signal, () => backend.loadJob(jobId, opts(signal)));
      if (!job)
        throw new JobStoreError("JOBSTORE_NO_SUCH_JOB", `job ${JSON.stringify(jobId)} does not exist`);
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
          // The walk starts at the first `next()`: the handle may have been closed (or the signal
          // aborted) since `jobs()` was called.
          enter("jobs", options);
          const seen = new Set<string>();
          const iterator = backend.jobs(opts(signal))[Symbol.asyncIterator]();
          let exhausted = false;
          try {
            while (true) {
              const next = await call("jobs", signal, () => iterator.next());
              if (next.done) {
                exhausted = true;
                return;
              }
              // Never twice, whatever a paginating backend does while jobs change under it.
              if (seen.has(next.value.jobStoreId)) continue;
              seen.add(next.value.jobStoreId);
              yield next.value;
            }
          } finally {
            // A consumer that breaks out early (or a failed step) must still let the backend end its
            // walk: close cursors, stop paging.
            if (!exhausted) await Promise.resolve(iterator.return?.()).catch(() => {});
          }
        },
      };
    },

    async batch(fn, options) {
      enter("batch", options);
      requireCallback("batch", fn);
      const pending: PendingBatch = { jobs: [], collecting: true };
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await batchScope.run(pending, () => fn());
      } finally {
        pending.collecting = false;
      }
      if (pending.jobs.length > 0) {
        // Checked again: the store may have been closed, or the signal aborted, while `fn` ran.
        const signal = enter("batch", options);
        await call("batch", signal, () => backend.createJobs!(pending.jobs, opts(signal)));
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
      const job = rootId
        ? await call("loadRootJob", signal, () => backend.loadJob(rootId, opts(signal)))
        : undefined;
      if (!job) {
        const why = rootId ? `root job ${rootId} is gone` : "no root job was set";
        throw new JobStoreError(
          "JOBSTORE_NO_SUCH_JOB",
          `loadRootJob: ${why} (workflow finished or never started)`,
        );
      }
      return job;
    },

    ...createFileOps(ctx),

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
      // The caller's own error comes back unchanged rather than disguised as a (retryable) storage fault.
      let failure: { error: unknown } | undefined;
      const deliver = async (message: Buffer): Promise<void> => {
        try {
          await callback(message);
        } catch (error) {
          failure = { error };
          throw error;
        }
      };
      try {
        return await call("readLogs", signal, () =>
          backend.readLogs(deliver, options?.readAll === true, opts(signal)),
        );
      } catch (err) {
        throw failure ? failure.error : err;
      }
    },
  };

  return store;
}

/** Parses a stored config; corrupt content is not a fault that retrying can fix. */
function parseConfig(raw: string): JobStoreConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (cause) {
    throw corruptConfig(cause);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    typeof (parsed as JobStoreConfig).workflowId !== "string"
  ) {
    throw corruptConfig(undefined);
  }
  return parsed as JobStoreConfig;
}

function corruptConfig(cause: unknown): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_UNAVAILABLE",
    `resume: ${CONFIG_FILE} is corrupt (no JSON object with a workflowId)`,
    {
      cause,
      retryable: false,
    },
  );
}
