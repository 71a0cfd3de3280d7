import { defineCapabilities, type JobStoreBackend, JobStoreError } from "@jobstore/core";
import { buildContext, DEFAULT_PART_SIZE, MIN_PART_SIZE } from "./context.js";
import { createFileOps } from "./files/index.js";
import { CHUNK_RAW_BYTES, OVERLARGE_THRESHOLD } from "./jobs/job-items.js";
import { createJobOps } from "./jobs/job-ops.js";
import { createLifecycle } from "./lifecycle.js";
import { BACKEND_NAME } from "./map-error.js";
import { resourceNames } from "./names.js";
import type { AwsBackendOptions } from "./options.js";

/** Files up to this many bytes live in their SimpleDB item. */
export const INLINE_FILE_LIMIT = 256;
/** The longest presigned URL S3 accepts (SigV4): 7 days. */
const MAX_URL_SECONDS = 7 * 24 * 3600;

/**
 * Creates the AWS backend: file contents in S3, job and file metadata in SimpleDB. Pass it to
 * `createJobStore`, or open `aws:<region>:<namePrefix>` with `openJobStore`.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` for a bad name prefix, `JOBSTORE_ENCRYPTION` for a
 * key that is not 32 bytes; `RangeError` for a part size below 5 MiB.
 * @example
 * ```ts
 * const store = createJobStore(createAwsBackend({ region: "us-west-2", namePrefix: "my-run" }));
 * await store.initialize();
 * ```
 * @public
 */
export function createAwsBackend(options: AwsBackendOptions): JobStoreBackend {
  const names = resourceNames(options.namePrefix);
  if (typeof options.region !== "string" || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(options.region)) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid AWS region ${JSON.stringify(options.region)}`,
    );
  }
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new RangeError(`partSize must be an integer of at least ${MIN_PART_SIZE} bytes, got ${partSize}`);
  }
  if (options.encryptionKey !== undefined && options.encryptionKey.length !== 32) {
    throw new JobStoreError(
      "JOBSTORE_ENCRYPTION",
      `the encryption key must be 32 bytes, got ${options.encryptionKey.length}`,
    );
  }
  const ctx = buildContext({ ...options, partSize }, names);
  const files = createFileOps(ctx);
  const jobs = createJobOps(ctx);
  const lifecycle = createLifecycle(ctx, files.emptyBucket);

  return {
    name: BACKEND_NAME,
    capabilities: defineCapabilities({
      batchCreate: true,
      encryption: ctx.encryptionKey !== undefined,
      publicUrls: "http",
      inlineFileLimit: INLINE_FILE_LIMIT,
      partSize,
      deleteBatchSize: 25,
      jobChunkSize: CHUNK_RAW_BYTES,
      overlargeJobThreshold: OVERLARGE_THRESHOLD,
      maxPublicUrlSeconds: MAX_URL_SECONDS,
      importSchemes: ["s3"],
      exportSchemes: ["s3"],
    }),
    create: lifecycle.create,
    open: lifecycle.open,
    destroy: async (o) => {
      jobs.forget();
      await lifecycle.destroy(o);
    },
    async close() {
      if (ctx.owned.s3) ctx.s3.destroy();
      if (ctx.owned.sdb) ctx.sdb.destroy();
    },
    createJob: jobs.createJob,
    createJobs: jobs.createJobs,
    updateJob: jobs.updateJob,
    loadJob: jobs.loadJob,
    jobExists: jobs.jobExists,
    async deleteJob(jobId, o) {
      await jobs.deleteJob(jobId, o);
      await files.deleteJobFiles(jobId, o);
    },
    jobs: jobs.jobs,
    newFileId: files.newFileId,
    writeFile: files.writeFile,
    updateFile: files.updateFile,
    readFile: files.readFile,
    deleteFile: files.deleteFile,
    fileExists: files.fileExists,
    getFileSize: files.getFileSize,
    writeSharedFile: files.writeSharedFile,
    readSharedFile: files.readSharedFile,
    writeLogs: files.writeLogs,
    readLogs: files.readLogs,
    getPublicUrl: files.getPublicUrl,
    getSharedPublicUrl: files.getSharedPublicUrl,
    importFile: files.importFile,
    exportFile: files.exportFile,
  };
}
