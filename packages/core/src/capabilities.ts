/**
 * What varies between backends. The conformance suite reads it from the backend and probes around the
 * limits it states; test options never switch a contract test off.
 *
 * @public
 */
export interface JobStoreCapabilities {
  /** `createJob` calls inside `batch()` are written together ({@link JobStoreBackend.createJobs} exists). */
  readonly batchCreate: boolean;
  /** An encryption key is configured: shared files may be written with `encrypted: true`. */
  readonly encryption: boolean;
  /** The kind of URL `getPublicUrl` returns. */
  readonly publicUrls: "http" | "file" | "none";
  /** Files up to this many bytes are stored inline with their metadata (0: never). */
  readonly inlineFileLimit: number;
  /** The multipart part size in bytes (0: no multipart uploads). */
  readonly partSize: number;
  /** How many items one delete request removes, e.g. 25 for SimpleDB (1: no batching). */
  readonly deleteBatchSize: number;
  /** Raw bytes of an encoded job per metadata chunk (0: jobs are not chunked). */
  readonly jobChunkSize: number;
  /** Encoded jobs above this many bytes are stored elsewhere (0: no such limit). */
  readonly overlargeJobThreshold: number;
  /** The longest public URL lifetime in seconds (0: no limit). */
  readonly maxPublicUrlSeconds: number;
  /** URL schemes the backend imports from by itself (e.g. `["s3"]`), beside core's `file:` and `http(s):`. */
  readonly importSchemes: readonly string[];
  /** URL schemes the backend exports to by itself, beside core's `file:`. */
  readonly exportSchemes: readonly string[];
  /**
   * The longest job or file ID the backend stores, in UTF-8 bytes (0: no limit). Longer IDs are rejected
   * with `JOBSTORE_INVALID_NAME` before any I/O on writes, and are simply absent on lookups.
   */
  readonly maxIdBytes: number;
  /** The longest shared file name, in bytes (0: no limit); longer ones are `JOBSTORE_INVALID_NAME`. */
  readonly maxSharedNameBytes: number;
  /**
   * Days after which the storage itself aborts an incomplete multipart upload (an S3 lifecycle rule); 0
   * when nothing does (the backend reclaims them in `destroy` and through `findLeftovers`).
   */
  readonly abortIncompleteUploadsAfterDays: number;
}

const DEFAULTS: JobStoreCapabilities = {
  batchCreate: false,
  encryption: false,
  publicUrls: "none",
  inlineFileLimit: 0,
  partSize: 0,
  deleteBatchSize: 1,
  jobChunkSize: 0,
  overlargeJobThreshold: 0,
  maxPublicUrlSeconds: 0,
  importSchemes: [],
  exportSchemes: [],
  maxIdBytes: 0,
  maxSharedNameBytes: 0,
  abortIncompleteUploadsAfterDays: 0,
};

/**
 * Builds a complete, frozen capabilities manifest: every key not given takes its "unsupported" default.
 *
 * @example
 * ```ts
 * const capabilities = defineCapabilities({ batchCreate: true, publicUrls: "http", partSize: 50 * 2 ** 20 });
 * ```
 * @public
 */
export function defineCapabilities(partial: Partial<JobStoreCapabilities> = {}): JobStoreCapabilities {
  const merged = { ...DEFAULTS, ...partial };
  for (const key of Object.keys(partial)) {
    if (!(key in DEFAULTS)) throw new TypeError(`unknown capability: ${key}`);
  }
  return Object.freeze({
    ...merged,
    importSchemes: Object.freeze([...merged.importSchemes]),
    exportSchemes: Object.freeze([...merged.exportSchemes]),
  });
}
