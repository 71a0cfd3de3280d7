import { JobStoreError, type OpenJobStoreOptions } from "@jobstore/core";
import { createAwsBackend } from "./aws-backend.js";
import type { AwsBackendOptions } from "./options.js";

/**
 * The locator factory for `aws:<region>:<namePrefix>`; `openJobStore` loads it on demand. Other options
 * (`encryptionKey`, `partSize`, `s3`, `simpleDb`, ...) come from `openJobStore`'s second argument.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` when the rest is not `<region>:<namePrefix>`.
 * @example
 * ```ts
 * const store = await openJobStore("aws:us-west-2:my-run", { partSize: 16 * 2 ** 20 });
 * ```
 * @public
 */
export function awsBackendFactory(rest: string, options: OpenJobStoreOptions) {
  const [region, namePrefix, ...extra] = rest.split(":");
  if (!region || !namePrefix || extra.length > 0) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid AWS locator "aws:${rest}": expected aws:<region>:<namePrefix>`,
    );
  }
  return createAwsBackend({ ...(options as Partial<AwsBackendOptions>), region, namePrefix });
}
