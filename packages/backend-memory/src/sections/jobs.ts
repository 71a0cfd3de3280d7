import type { JobStoreBackend, StoredJob } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { memoryError } from "../errors.js";
import { removeQuietly } from "../storage/content.js";
import { snapshotWalk } from "../storage/snapshot-walk.js";
import { requireStore } from "../storage/store-registry.js";

type JobMethods = Pick<
  JobStoreBackend,
  "createJob" | "createJobs" | "updateJob" | "loadJob" | "jobExists" | "deleteJob" | "jobs"
>;

/**
 * A job as kept in memory: its JSON text. Not `encodeJob` bytes: deflating a job above 256 bytes and
 * inflating it on every load cost ~30 µs an operation, to save a few dozen bytes of RAM.
 */
function encode(job: StoredJob): string {
  const json = JSON.stringify(job);
  if (json === undefined) throw new TypeError("a job must be a JSON object");
  return json;
}

/** The job half of the memory backend: each load parses a fresh object, so callers never share one. */
export function jobMethods(ctx: StoreContext): JobMethods {
  const load = (json: string | undefined): StoredJob | undefined =>
    json === undefined ? undefined : (JSON.parse(json) as StoredJob);

  return {
    async createJob(job, options) {
      const store = requireStore(ctx.storeName);
      // The front end's JSON text when it has one: the same string, without a second stringify.
      store.jobs.set(job.jobStoreId, options.json ?? encode(job));
    },

    async createJobs(jobs) {
      const store = requireStore(ctx.storeName);
      // Encode them all before storing any, so a job that cannot be encoded leaves the batch unwritten.
      const encoded = jobs.map((job) => [job.jobStoreId, encode(job)] as const);
      for (const [id, bytes] of encoded) store.jobs.set(id, bytes);
    },

    async updateJob(job, options) {
      const store = requireStore(ctx.storeName);
      if (!store.jobs.has(job.jobStoreId)) {
        throw memoryError(
          "JOBSTORE_NO_SUCH_JOB",
          `updateJob: job ${JSON.stringify(job.jobStoreId)} does not exist`,
        );
      }
      store.jobs.set(job.jobStoreId, options.json ?? encode(job));
    },

    async loadJob(jobId) {
      return load(requireStore(ctx.storeName).jobs.get(jobId));
    },

    async jobExists(jobId) {
      return requireStore(ctx.storeName).jobs.has(jobId);
    },

    async deleteJob(jobId) {
      const store = requireStore(ctx.storeName);
      store.jobs.delete(jobId);
      for (const [fileId, file] of store.files) {
        if (file.cleanup && file.jobId === jobId) {
          store.files.delete(fileId);
          removeQuietly(store, file.path);
        }
      }
    },

    jobs(options) {
      return snapshotWalk(() => {
        const store = requireStore(ctx.storeName);
        return { keys: store.jobs.keys(), lookup: (id: string) => load(store.jobs.get(id)) };
      }, options.signal);
    },
  };
}
