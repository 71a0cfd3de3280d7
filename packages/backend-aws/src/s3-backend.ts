import type { JobStoreBackend, OpenJobStoreOptions } from "@jobstore/core";
import { createObjectStoreBackend } from "@jobstore/object-store";
import { checkAwsOptions } from "./aws-backend.js";
import { parseAwsLocator } from "./locator.js";
import { resourceNames } from "./names.js";
import type { AwsBackendOptions } from "./options.js";
import { createS3ObjectStore } from "./s3-object-store/index.js";

/**
 * Options of {@link createS3Backend}: those of the AWS backend without the SimpleDB ones.
 *
 * @public
 */
export type S3BackendOptions = Omit<AwsBackendOptions, "simpleDb" | "registryDomain">;

/**
 * The bucket of an `s3:` store: `<name>--objects` (not `--files`, so that an `aws:` and an `s3:` store of
 * the same name never share a bucket).
 *
 * @example
 * ```ts
 * s3BucketName("my-run"); // "my-run--objects"
 * ```
 * @public
 */
export function s3BucketName(namePrefix: string): string {
  return `${resourceNames(namePrefix).prefix}--objects`;
}

/**
 * Creates an `s3:` backend: the S3 adapter ({@link createS3ObjectStore}) under the generic object-store
 * backend (`createObjectStoreBackend` of `@jobstore/object-store`), contents and metadata both in one
 * bucket, for S3 and S3-compatible servers with conditional writes and no SimpleDB.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR`, `JOBSTORE_ENCRYPTION`; `RangeError` for a part size
 * below 5 MiB or a negative `leftoverAgeMs`.
 * @example
 * ```ts
 * const store = createJobStore(createS3Backend({ region: "us-west-2", namePrefix: "my-run" }));
 * ```
 * @public
 */
export function createS3Backend(options: S3BackendOptions): JobStoreBackend {
  const bucket = s3BucketName(options.namePrefix);
  checkAwsOptions(options);
  const objects = createS3ObjectStore({
    region: options.region,
    bucket,
    s3: options.s3,
    partSize: options.partSize,
    uploadConcurrency: options.uploadConcurrency,
  });
  return createObjectStoreBackend(objects, {
    name: "s3",
    partSize: options.partSize,
    uploadConcurrency: options.uploadConcurrency,
    readConcurrency: options.readConcurrency,
    encryptionKey: options.encryptionKey,
    leftoverAgeMs: options.leftoverAgeMs,
  });
}

/**
 * The locator factory for `s3:<region>:<name>`.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` when the rest is not `<region>:<name>`.
 * @example
 * ```ts
 * const store = await openJobStore("s3:us-west-2:my-run");
 * ```
 * @public
 */
export function s3BackendFactory(rest: string, options: OpenJobStoreOptions): JobStoreBackend {
  return createS3Backend({ ...(options as Partial<S3BackendOptions>), ...parseAwsLocator("s3", rest) });
}
