import {
  type CallOptions,
  decodeJob,
  encodeJob,
  forEachLimited,
  JobStoreError,
  type StoredJob,
} from "@jobstore/core";
import type { MetadataLayer } from "../metadata-layer.js";
import type { EtagCache } from "./etag-cache.js";
import { mapAhead } from "./map-ahead.js";
import type { MetadataObjects } from "./mapped-objects.js";
import { canExist, JOBS_PREFIX, jobKey } from "./object-keys.js";

/** Requests in flight for the parallel parts (batch creates, the GETs of `jobs()`). */
export const PARALLEL_REQUESTS = 8;
// A job update that keeps losing its If-Match to other writers retries this often before giving up.
const MAX_UPDATE_ATTEMPTS = 10;

/**
 * The job methods of the object metadata layer.
 *
 * @internal
 */
export type JobObjects = Pick<
  MetadataLayer,
  "createJob" | "createJobs" | "updateJob" | "loadJob" | "jobExists" | "deleteJob" | "jobs"
>;

/**
 * Jobs as single objects `meta/jobs/<id>` holding core's encoding of the job (JSON, deflated when
 * that is smaller): a PutObject replaces the whole object at once, so a reader sees the old job or the
 * new one, never a mix, and never a missing job because of an update.
 *
 * @remarks Costs on S3: `createJob` 1 PutObject, `loadJob` 1 GetObject, `jobExists` 1 HeadObject,
 * `deleteJob` 1 DeleteObject, `jobs()` 1 ListObjectsV2 per 1000 jobs + 1 GetObject per job
 * ({@link PARALLEL_REQUESTS} in flight). `updateJob` is 1 PutObject with `If-Match: *` where the server
 * honours it (it fails on a deleted job, so a deleted job is never resurrected); elsewhere it is
 * conditional on the ETag this handle last saw (1 request), or on one it reads first (2). Jobs are
 * last-writer-wins (Toil's contract): a lost `If-Match` is retried on the newer ETag.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_JOB` (`updateJob` of a missing job),
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const jobs = createJobObjects(objects, new EtagCache(), () => marker.ifMatchAny, "s3");
 * await jobs.createJob(job, {});
 * ```
 * @internal
 */
export function createJobObjects(
  objects: MetadataObjects,
  seen: EtagCache,
  ifMatchAny: () => boolean,
  backend: string,
): JobObjects {
  async function put(job: StoredJob, options: CallOptions): Promise<void> {
    const key = jobKey(job.jobStoreId);
    const out = await objects.put(key, encodeJob(job), undefined, options);
    if (out.written) seen.set(key, "", out.tag);
  }

  async function load(jobId: string, options: CallOptions): Promise<StoredJob | undefined> {
    const key = jobKey(jobId);
    if (!canExist(key, jobId)) return undefined;
    const object = await objects.get(key, options);
    if (!object) {
      seen.delete(key);
      return undefined;
    }
    seen.set(key, "", object.tag);
    return decodeJob(object.body) as StoredJob;
  }

  return {
    createJob: put,

    createJobs: (jobs, options) => forEachLimited(jobs, PARALLEL_REQUESTS, (job) => put(job, options)),

    async updateJob(job, options) {
      const key = jobKey(job.jobStoreId);
      const body = encodeJob(job);
      let etag = ifMatchAny() ? "*" : (seen.etagOf(key) ?? (await objects.head(key, options))?.tag);
      for (let attempt = 1; etag !== undefined; attempt++) {
        const out = await objects.put(key, body, { ifMatch: etag }, options);
        if (out.written) {
          seen.set(key, "", out.tag);
          return;
        }
        if (attempt >= MAX_UPDATE_ATTEMPTS) {
          throw new JobStoreError(
            "JOBSTORE_UNAVAILABLE",
            `updateJob ${JSON.stringify(job.jobStoreId)}: lost ${attempt} conditional writes in a row to other writers`,
            { backend, retryable: true },
          );
        }
        // Changed by another writer (retry on what is there now: last writer wins) or deleted.
        etag = (await objects.head(key, options))?.tag;
      }
      seen.delete(key);
      throw new JobStoreError(
        "JOBSTORE_NO_SUCH_JOB",
        `updateJob: job ${JSON.stringify(job.jobStoreId)} does not exist`,
        {
          backend,
        },
      );
    },

    loadJob: load,

    async jobExists(jobId, options) {
      const key = jobKey(jobId);
      return canExist(key, jobId) && (await objects.head(key, options)) !== undefined;
    },

    async deleteJob(jobId, options) {
      const key = jobKey(jobId);
      if (!canExist(key, jobId)) return;
      seen.delete(key);
      await objects.delete(key, options);
    },

    async *jobs(options) {
      async function* keys() {
        for await (const page of objects.list(JOBS_PREFIX, options)) for (const { key } of page) yield key;
      }
      // Each key is listed once, so each job is yielded at most once; one deleted since the listing is skipped.
      for await (const object of mapAhead(keys(), PARALLEL_REQUESTS, (key) => objects.get(key, options))) {
        if (object) yield decodeJob(object.body) as StoredJob;
      }
    },
  };
}
