import type { CallOptions } from "@jobstore/core";
import type { AwsContext } from "../context.js";
import { emptyBucket } from "./bucket-cleanup.js";
import { createJobFileOps, type JobFileOps } from "./file-ops.js";
import { deleteJobFiles } from "./job-file-cleanup.js";
import { createLogOps, type LogOps } from "./logs.js";
import { createPublicUrlOps, type PublicUrlOps } from "./public-urls.js";
import { createSharedFileOps, type SharedFileOps } from "./shared-files.js";
import { createTransferOps, type TransferOps } from "./transfer.js";

/**
 * The file side of the AWS backend: every file, shared-file, log, public-URL and `s3:` transfer method
 * of `JobStoreBackend`, plus the two cascades the job side and the lifecycle need.
 *
 * @internal
 */
export interface FileOps extends JobFileOps, SharedFileOps, LogOps, PublicUrlOps, TransferOps {
  /** Deletes every file written for `jobId` with `cleanup` (used by `deleteJob`). Idempotent. */
  deleteJobFiles(jobId: string, options: CallOptions): Promise<void>;
  /** Aborts every multipart upload and deletes every object of the bucket (used by `destroy`). */
  emptyBucket(options: CallOptions): Promise<void>;
}

/**
 * Builds the file side of the AWS backend on one handle's {@link AwsContext}.
 *
 * @remarks Layout: one item per job file (named by its UUID file ID), shared file (`shared:<name>`) and
 * log message (`log:<ms>-<uuid>`) in `ctx.names.filesDomain`; content of at most 256 bytes inline
 * (base64), larger content in `ctx.names.bucket` under `files/<item>/<version>`, one immutable object per
 * content version. Every content switch is a PutAttributes conditional on the previous version token.
 * @throws {@link @jobstore/core!JobStoreError} per method, as documented on `JobStoreBackend` (see the module docs of
 * each part for the AWS specifics).
 * @example
 * ```ts
 * const files = createFileOps(ctx);
 * const backend: JobStoreBackend = { ...jobMethods, ...files, deleteJob: async (id, o) => {
 *   await deleteJobItem(id, o);
 *   await files.deleteJobFiles(id, o);
 * } };
 * ```
 * @internal
 */
export function createFileOps(ctx: AwsContext): FileOps {
  const files = createJobFileOps(ctx);
  const shared = createSharedFileOps(ctx);
  return {
    ...files,
    ...shared,
    ...createLogOps(ctx),
    ...createPublicUrlOps(ctx),
    ...createTransferOps(ctx, files, shared),
    deleteJobFiles: (jobId, options) => deleteJobFiles(ctx, jobId, options),
    emptyBucket: (options) => emptyBucket(ctx, options),
  };
}
