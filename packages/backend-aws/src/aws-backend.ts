import { type JobStoreBackend, JobStoreError } from "@jobstore/core";
import {
  checkObjectStoreOptions,
  createLayeredBackend,
  createObjectContentLayer,
} from "@jobstore/object-store";
import { BACKEND_NAME } from "./errors.js";
import { INLINE_LIMIT } from "./metadata/simpledb/record-items.js";
import { createSimpleDbMetadataLayer } from "./metadata/simpledb/simpledb-layer.js";
import { resourceNames } from "./names.js";
import type { AwsBackendOptions } from "./options.js";
import { createS3ObjectStore } from "./s3-object-store/index.js";

/**
 * Files up to this many bytes live in their SimpleDB item.
 *
 * @example
 * ```ts
 * createAwsBackend(options).capabilities.inlineFileLimit === INLINE_FILE_LIMIT; // true
 * ```
 * @public
 */
export const INLINE_FILE_LIMIT = INLINE_LIMIT;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Checks the options both AWS-family schemes share.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` for a bad region, `JOBSTORE_ENCRYPTION` for a key
 * that is not 32 bytes; `RangeError` for a negative `leftoverAgeMs`.
 * @example
 * ```ts
 * checkAwsOptions({ region: "us-west-2", namePrefix: "my-run" });
 * ```
 * @internal
 */
export function checkAwsOptions(options: AwsBackendOptions): void {
  if (typeof options.region !== "string" || !REGION.test(options.region)) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid AWS region ${JSON.stringify(options.region)}`,
    );
  }
  checkObjectStoreOptions(options, BACKEND_NAME);
}

/**
 * Creates the AWS backend (`aws:`): file contents in S3 (the generic object content layer of
 * `@jobstore/object-store` over the S3 adapter), job and file metadata in SimpleDB (the SimpleDB metadata
 * layer, Toil's layout). Pass it to `createJobStore`, or open
 * `aws:<region>:<namePrefix>` with `openJobStore`.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` for a bad region or name prefix,
 * `JOBSTORE_ENCRYPTION` for a key that is not 32 bytes; `RangeError` for a part size below 5 MiB or a
 * negative `leftoverAgeMs`.
 * @example
 * ```ts
 * const store = createJobStore(createAwsBackend({ region: "us-west-2", namePrefix: "my-run" }));
 * await store.initialize();
 * ```
 * @public
 */
export function createAwsBackend(options: AwsBackendOptions): JobStoreBackend {
  const names = resourceNames(options.namePrefix);
  checkAwsOptions(options);
  const objects = createS3ObjectStore({
    region: options.region,
    bucket: names.bucket,
    s3: options.s3,
    partSize: options.partSize,
    uploadConcurrency: options.uploadConcurrency,
  });
  const content = createObjectContentLayer(objects, {
    backend: BACKEND_NAME,
    partSize: options.partSize,
    uploadConcurrency: options.uploadConcurrency,
    readConcurrency: options.readConcurrency,
    encryptionKey: options.encryptionKey,
  });
  const metadata = createSimpleDbMetadataLayer({
    region: options.region,
    names,
    simpleDb: options.simpleDb,
    registryDomain: options.registryDomain,
    blobs: content,
  });
  return createLayeredBackend({
    name: BACKEND_NAME,
    content,
    metadata,
    leftoverAgeMs: options.leftoverAgeMs,
  });
}
