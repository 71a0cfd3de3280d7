import type { JobWriteOptions } from "../backend.js";
import { JobStoreError } from "../errors.js";
import { jobToJson } from "../job-codec.js";
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

/** A job checked for a write: its version before the increment, and its JSON text. */
interface JobWrite {
  readonly before: number | undefined;
  readonly json: string;
}

/**
 * Checks a job for `createJob`/`updateJob` and increments its version (the backend must see the new
 * one), encoding it once to prove every backend can store it.
 *
 * @throws TypeError, RangeError or `JOBSTORE_INVALID_NAME` for a job that cannot be stored (version
 * left as it was).
 */
function bumpForWrite(ctx: StoreContext, method: string, job: JobDescription): JobWrite {
  const stored = requireStorableJob(ctx, method, job);
  const before = stored.version;
  stored.version = (before ?? 0) + 1;
  try {
    return { before, json: jobToJson(stored) };
  } catch (err) {
    restoreVersion(stored, before, stored.version);
    throw err;
  }
}

/**
 * What the backend receives: the caller's object when it is a plain object (the usual case, no copy),
 * otherwise its JSON form, so that a class instance or a `toJSON` reaches every backend as the same
 * data (a backend that clones rather than encodes would otherwise store something else, or fail).
 */
function sendable(job: StoredJob, write: JobWrite): StoredJob {
  const proto = Object.getPrototypeOf(job);
  const plain = (proto === Object.prototype || proto === null) && typeof job.toJSON !== "function";
  return plain ? job : (JSON.parse(write.json) as StoredJob);
}

/** The backend's options for a job write: the signal, and the JSON text already made. */
function writeOptions(signal: AbortSignal | undefined, write: JobWrite): JobWriteOptions {
  return signal ? { signal, json: write.json } : { json: write.json };
}

/** Undoes {@link bumpForWrite} after a failed write, unless the caller changed the version since. */
function restoreVersion(job: JobDescription, before: number | undefined, bumped: number): void {
  if (job.version !== bumped) return;
  if (before === undefined) delete job.version;
  else job.version = before;
}

/** Writes a new job now, or defers it to the `batch()` whose callback is running, when there is one. */
async function createNow(
  ctx: StoreContext,
  signal: AbortSignal | undefined,
  stored: StoredJob,
  write: JobWrite,
): Promise<void> {
  const pending = ctx.caps.batchCreate ? pendingBatchOf(ctx) : undefined;
  // A snapshot: the caller may keep changing the object before the batch is flushed.
  if (pending) pending.jobs.push(JSON.parse(write.json) as StoredJob);
  else await ctx.backend.createJob(sendable(stored, write), writeOptions(signal, write));
}

/** Jobs and the root job. */
export const JOB_METHODS: MethodTable = {
  createJob: method({
    optionsAt: 1,
    check: (ctx: StoreContext, job: JobDescription, _options?: CallOptions) =>
      bumpForWrite(ctx, "createJob", job),
    async io(ctx, signal, write, job) {
      const stored = job as StoredJob;
      const bumped = stored.version;
      try {
        await createNow(ctx, signal, stored, write);
      } catch (err) {
        restoreVersion(stored, write.before, bumped);
        throw err;
      }
      return stored;
    },
  }),

  updateJob: method({
    optionsAt: 1,
    check: (ctx: StoreContext, job: JobDescription, _options?: CallOptions) =>
      bumpForWrite(ctx, "updateJob", job),
    async io(ctx, signal, write, job) {
      const stored = job as StoredJob;
      const bumped = stored.version;
      try {
        await ctx.backend.updateJob(sendable(stored, write), writeOptions(signal, write));
      } catch (err) {
        restoreVersion(stored, write.before, bumped);
        throw err;
      }
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
