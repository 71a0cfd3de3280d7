import {
  type CallOptions,
  defineCapabilities,
  type JobStoreBackend,
  type JobStoreCapabilities,
} from "@jobstore/core";
import { createFileMethods } from "./backend/file-methods.js";
import { requireStorable } from "./backend/ids.js";
import { deleteJobFiles } from "./backend/job-file-cleanup.js";
import type { BackendLayers, NamedLayers } from "./backend/layers.js";
import { createListingMethods } from "./backend/listing-methods.js";
import { createLogMethods } from "./backend/log-methods.js";
import { createPublicUrlMethods } from "./backend/public-url-methods.js";
import { createSharedFileMethods } from "./backend/shared-file-methods.js";
import { createTransferMethods } from "./backend/transfer-methods.js";

/**
 * Options of {@link createLayeredBackend}: a name and the two layers.
 *
 * @public
 */
export interface LayeredBackendOptions extends BackendLayers {
  /** The backend's name in messages and errors, e.g. `"aws"` or `"s3"`. */
  name: string;
  /** The age from which `findLeftovers` reports uploads and unreferenced objects (default one hour). */
  leftoverAgeMs?: number | undefined;
}

/**
 * The capability manifest of a content layer plus a metadata layer, derived from the layers' own limits.
 *
 * @example
 * ```ts
 * layeredCapabilities({ content, metadata }).maxIdBytes; // 1019 on aws:
 * ```
 * @public
 */
export function layeredCapabilities({ content, metadata }: BackendLayers): JobStoreCapabilities {
  const { limits } = metadata;
  return defineCapabilities({
    batchCreate: true,
    encryption: content.encryption,
    publicUrls: "http",
    inlineFileLimit: limits.inlineContentBytes,
    partSize: content.partSize,
    deleteBatchSize: limits.deleteBatchSize,
    jobChunkSize: limits.jobChunkSize,
    overlargeJobThreshold: limits.overlargeJobThreshold,
    maxPublicUrlSeconds: content.maxPublicUrlSeconds,
    importSchemes: content.externalSchemes,
    exportSchemes: content.externalSchemes,
    maxIdBytes: limits.maxIdBytes,
    maxSharedNameBytes: limits.maxSharedNameBytes,
    abortIncompleteUploadsAfterDays: content.abortIncompleteUploadsAfterDays,
  });
}

/**
 * Builds a backend from a content layer and a metadata layer: `aws:` is the content layer over the S3
 * adapter plus the SimpleDB metadata layer; `createObjectStoreBackend` is the content layer plus
 * the object metadata layer over one adapter (`s3:`, `azure:`).
 *
 * @remarks The layers are plain objects built once; this function only wires them: job methods go to the
 * metadata layer (job IDs checked against its limits first), file methods write content with the content
 * layer and record it with the metadata layer, `deleteJob` removes the job and then its cleanup files,
 * and the lifecycle hands the content layer's container hooks to the metadata layer's registry.
 * @throws nothing itself; the methods reject with `JobStoreError`s as `JobStoreBackend` documents.
 * @example
 * ```ts
 * const backend = createLayeredBackend({ name: "s3", content, metadata });
 * const store = createJobStore(backend);
 * ```
 * @public
 */
export function createLayeredBackend(options: LayeredBackendOptions): JobStoreBackend {
  const { content, metadata } = options;
  const layers: NamedLayers = { content, metadata, name: options.name };
  const maxId = metadata.limits.maxIdBytes;
  const files = createFileMethods(layers);
  const shared = createSharedFileMethods(layers);
  const checkJob = (jobId: string) => requireStorable("job ID", jobId, maxId, options.name);

  return {
    name: options.name,
    capabilities: layeredCapabilities(layers),
    create: (o) => metadata.create(content.storage, o),
    open: (o) => metadata.open(o),
    destroy: (o) => metadata.destroy(content.storage, o),
    async close() {
      await metadata.close();
      content.close();
    },

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
      await deleteJobFiles(layers, jobId, o);
    },
    jobs: (o) => metadata.jobs(o),

    ...files,
    ...(metadata.newFileId
      ? { newFileId: (meta) => metadata.newFileId?.(meta) ?? files.newFileId(meta) }
      : {}),
    ...shared,
    ...createLogMethods(layers),
    ...createPublicUrlMethods(layers),
    ...createTransferMethods(layers, { writeFile: files.writeFile, writeSharedFile: shared.writeSharedFile }),
    ...createListingMethods(layers, options.leftoverAgeMs),
  };
}
