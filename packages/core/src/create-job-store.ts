import { randomUUID } from "node:crypto";
import type { JobStoreBackend } from "./backend.js";
import { JobStoreError } from "./errors.js";
import { createBatch } from "./internal/batch.js";
import { FILE_READ_METHODS } from "./internal/file-read-methods.js";
import { FILE_WRITE_METHODS } from "./internal/file-write-methods.js";
import { normaliseError } from "./internal/guard.js";
import { JOB_METHODS } from "./internal/job-methods.js";
import { LIFECYCLE_METHODS } from "./internal/lifecycle-methods.js";
import { createListings, LEFTOVER_METHODS } from "./internal/listing-methods.js";
import { LOG_METHODS } from "./internal/log-methods.js";
import { bindMethods, type MethodTable } from "./internal/method-table.js";
import { SHARED_FILE_METHODS } from "./internal/shared-file-methods.js";
import { closedError, createStoreContext } from "./internal/store-context.js";
import { URL_METHODS } from "./internal/url-methods.js";
import { requireJob } from "./internal/validate.js";
import type { JobStore } from "./job-store.js";
import type { JobDescription, JobStoreConfig } from "./types.js";

/**
 * Every guarded method of {@link JobStore}, by section of the SPI ({@link JobStoreBackend}): lifecycle,
 * jobs, files, shared files, logs, URLs, listing. One table, so that every method goes through the same
 * guard (state, signal, validation, error mapping) in one place.
 */
const METHODS: MethodTable = {
  ...LIFECYCLE_METHODS,
  ...JOB_METHODS,
  ...FILE_WRITE_METHODS,
  ...FILE_READ_METHODS,
  ...SHARED_FILE_METHODS,
  ...LOG_METHODS,
  ...URL_METHODS,
  ...LEFTOVER_METHODS,
};

/**
 * Wraps a backend in the user-facing {@link JobStore}: validates every input once for all backends,
 * enforces the open/closed lifecycle, checks abort signals before any I/O and turns stray backend
 * errors into {@link JobStoreError}s.
 *
 * @remarks
 * The returned store never calls the backend before `initialize()`/`resume()` (except `destroy()`) nor
 * after `close()`, and never with an already-aborted signal. IDs a backend cannot hold (over
 * `capabilities.maxIdBytes`, or with a lone surrogate) are `JOBSTORE_INVALID_NAME` on writes and simply
 * absent on lookups, without a backend call. Every method is built once per handle from a table of
 * specs; a call allocates nothing beyond what its work needs.
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

  const store: JobStore = {
    backendName: backend.name,
    capabilities: ctx.caps,

    get config(): JobStoreConfig {
      if (ctx.state === "closed") throw closedError("config");
      if (!ctx.config) {
        throw new JobStoreError("JOBSTORE_NOT_OPEN", "config: call initialize() or resume() first");
      }
      return ctx.config;
    },

    async close() {
      if (ctx.state === "closed") return;
      ctx.state = "closed";
      try {
        await backend.close?.();
      } catch (err) {
        throw normaliseError(err, backend.name, "close");
      }
    },

    async [Symbol.asyncDispose]() {
      await store.close();
    },

    assignJobId(job) {
      if (ctx.state === "closed") throw closedError("assignJobId");
      const checked = requireJob("assignJobId", job);
      checked.jobStoreId = randomUUID();
      return job as typeof job & JobDescription & { jobStoreId: string };
    },

    batch: createBatch(ctx),
    ...createListings(ctx),
    ...bindMethods<Omit<JobStore, GuardedElsewhere>>(ctx, METHODS),
  };
  return store;
}

/** The members of {@link JobStore} that are not in the method table. */
type GuardedElsewhere =
  | "backendName"
  | "capabilities"
  | "config"
  | "close"
  | typeof Symbol.asyncDispose
  | "assignJobId"
  | "batch"
  | "jobs"
  | "listFiles"
  | "listSharedFiles"
  | "listLogs"
  | "findLeftovers";
