import type { CallOptions, JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { requireStorable } from "./storable-names.js";

type JobMethods = Required<
  Pick<
    JobStoreBackend,
    "createJob" | "createJobs" | "updateJob" | "loadJob" | "jobExists" | "deleteJob" | "jobs"
  >
>;

/**
 * Deletes every file written for `jobId` with `cleanup` (the cascade of `deleteJob`): one consistent,
 * paged listing of their records, bulk record deletes (25 a request on `aws:`), then batched object deletes (S3: DeleteObjects)
 * 1000 keys a request — about 1 + n/25 + n/1000 requests for n files.
 *
 * @remarks Records go before objects, so a crash in between leaks content objects (reported by
 * `findLeftovers`, removed by `destroy`) rather than leaving records whose content is gone. Idempotent.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await deleteJobFiles(ctx, job.jobStoreId, options);
 * ```
 * @internal
 */
export async function deleteJobFiles(
  { content, metadata }: StoreContext,
  jobId: string,
  options: CallOptions,
): Promise<void> {
  const names: string[] = [];
  const keys: string[] = [];
  for await (const record of metadata.listRecords("file", { cleanupOf: jobId }, options)) {
    names.push(record.name);
    if (record.key !== undefined) keys.push(record.key);
  }
  await metadata.deleteRecords("file", names, options);
  await content.deleteObjects(keys, options);
}

/**
 * Jobs: kept by the metadata layer, job IDs checked against its limits before any I/O.
 *
 * @remarks `deleteJob` removes the job first, then the files written for it with `cleanup`
 * ({@link deleteJobFiles}).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_NAME` (a job ID over the layer's limit or with a lone
 * surrogate), and the metadata layer's codes as `JobStoreBackend` documents them.
 * @example
 * ```ts
 * await jobMethods(ctx).createJob(job, {});
 * ```
 * @internal
 */
export function jobMethods(ctx: StoreContext): JobMethods {
  const { metadata } = ctx;
  const maxId = metadata.limits.maxIdBytes;
  const checkJob = (jobId: string) => requireStorable("job ID", jobId, maxId, ctx.name);
  return {
    async createJob(job, o) {
      checkJob(job.jobStoreId);
      await metadata.createJob(job, o);
    },
    async createJobs(jobs, o) {
      for (const job of jobs) checkJob(job.jobStoreId);
      await metadata.createJobs(jobs, o);
    },
    async updateJob(job, o) {
      checkJob(job.jobStoreId);
      await metadata.updateJob(job, o);
    },
    loadJob: (jobId, o) => metadata.loadJob(jobId, o),
    jobExists: (jobId, o) => metadata.jobExists(jobId, o),
    async deleteJob(jobId: string, o: CallOptions) {
      await metadata.deleteJob(jobId, o);
      await deleteJobFiles(ctx, jobId, o);
    },
    jobs: (o) => metadata.jobs(o),
  };
}
