import { defineCapabilities, type JobStoreBackend, type JobStoreCapabilities } from "@jobstore/core";
import type { BackendLayers, StoreContext } from "./context.js";
import { fileMethods } from "./sections/files.js";
import { jobMethods } from "./sections/jobs.js";
import { lifecycleMethods } from "./sections/lifecycle.js";
import { listingMethods } from "./sections/listing.js";
import { logMethods } from "./sections/logs.js";
import { sharedFileMethods } from "./sections/shared-files.js";
import { urlMethods } from "./sections/urls.js";

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
 * @remarks The layers are plain objects built once; this function builds the `StoreContext` once and
 * spreads the sections of `src/sections/` over it: job methods go to the
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
  const { content, metadata, name, leftoverAgeMs } = options;
  const ctx: StoreContext = { content, metadata, name, leftoverAgeMs };
  return {
    name,
    capabilities: layeredCapabilities(ctx),
    ...lifecycleMethods(ctx),
    ...jobMethods(ctx),
    ...fileMethods(ctx),
    ...sharedFileMethods(ctx),
    ...logMethods(ctx),
    ...listingMethods(ctx),
    ...urlMethods(ctx),
  };
}
