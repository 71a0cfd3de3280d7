import { JobStoreError } from "../errors.js";
import type { CallOptions, JobDescription, StoredJob } from "../types.js";
import { pendingBatchOf } from "./batch.js";
import { requireStorableId } from "./ids.js";
import { readSharedText, writeSharedBytes } from "./lifecycle-methods.js";
import { type MethodTable, method } from "./method-table.js";
import { opts, type StoreContext } from "./store-context.js";
import { requireStorableJob } from "./validate.js";

/** The shared file naming the root job. */
const ROOT_JOB_FILE = "rootJobStoreID";

function throwNoSuchJob(jobId: string): never {
  throw new JobStoreError("JOBSTORE_NO_SUCH_JOB", `job ${JSON.stringify(jobId)} does not exist`);
}

function bumpVersion(job: StoredJob): void {
  job.version = (job.version ?? 0) + 1;
}

/** Writes a new job now, or defers it to the `batch()` whose callback is running, when there is one. */
async function createNow(
  ctx: StoreContext,
  signal: AbortSignal | undefined,
  stored: StoredJob,
): Promise<void> {
  const pending = ctx.caps.batchCreate ? pendingBatchOf(ctx) : undefined;
  // A snapshot: the caller may keep changing the object before the batch is flushed.
  if (pending) pending.jobs.push(structuredClone(stored));
  else await ctx.backend.createJob(stored, opts(signal));
}

/** Jobs and the root job. */
export const JOB_METHODS: MethodTable = {
  createJob: method({
    optionsAt: 1,
    check: (ctx: StoreContext, job: JobDescription, _options?: CallOptions) =>
      requireStorableJob(ctx, "createJob", job),
    async io(ctx, signal, stored) {
      bumpVersion(stored);
      await createNow(ctx, signal, stored);
      return stored;
    },
  }),

  updateJob: method({
    optionsAt: 1,
    check: (ctx: StoreContext, job: JobDescription, _options?: CallOptions) =>
      requireStorableJob(ctx, "updateJob", job),
    async io(ctx, signal, stored) {
      bumpVersion(stored);
      await ctx.backend.updateJob(stored, opts(signal));
    },
  }),

  loadJob: method({
    optionsAt: 1,
    lookup: { kind: "jobId", absent: throwNoSuchJob },
    async io(ctx, signal, _p: undefined, jobId: string, _options?: CallOptions) {
      return (await ctx.backend.loadJob(jobId, opts(signal))) ?? throwNoSuchJob(jobId);
    },
  }),

  jobExists: method({
    optionsAt: 1,
    lookup: { kind: "jobId", absent: () => false },
    io: (ctx, signal, _p: undefined, jobId: string, _options?: CallOptions) =>
      ctx.backend.jobExists(jobId, opts(signal)),
  }),

  deleteJob: method({
    optionsAt: 1,
    lookup: { kind: "jobId", absent: () => undefined },
    io: (ctx, signal, _p: undefined, jobId: string, _options?: CallOptions) =>
      ctx.backend.deleteJob(jobId, opts(signal)),
  }),

  setRootJob: method({
    optionsAt: 1,
    check: (ctx: StoreContext, jobId: string, _options?: CallOptions) =>
      requireStorableId(ctx.caps, "jobId", jobId),
    io: (ctx, signal, jobId) => writeSharedBytes(ctx, ROOT_JOB_FILE, Buffer.from(jobId), signal),
  }),

  loadRootJob: method({
    optionsAt: 0,
    async io(ctx, signal, _p: undefined, _options?: CallOptions) {
      const rootId = await readSharedText(ctx, ROOT_JOB_FILE, signal);
      const job = rootId ? await ctx.backend.loadJob(rootId, opts(signal)) : undefined;
      if (!job) {
        const why = rootId ? `root job ${rootId} is gone` : "no root job was set";
        throw new JobStoreError(
          "JOBSTORE_NO_SUCH_JOB",
          `loadRootJob: ${why} (workflow finished or never started)`,
        );
      }
      return job;
    },
  }),
};
