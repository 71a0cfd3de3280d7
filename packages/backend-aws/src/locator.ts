import { JobStoreError, type OpenJobStoreOptions } from "@jobstore/core";
import { createAwsBackend } from "./aws-backend.js";
import type { AwsBackendOptions } from "./options.js";

/**
 * Splits the rest of an `aws:` or `s3:` locator, `<region>:<name>`.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` when it is not `<region>:<name>`.
 * @example
 * ```ts
 * parseAwsLocator("s3", "us-west-2:my-run"); // { region: "us-west-2", namePrefix: "my-run" }
 * ```
 * @public
 */
export function parseAwsLocator(scheme: string, rest: string): { region: string; namePrefix: string } {
  const [region, namePrefix, ...extra] = rest.split(":");
  if (!region || !namePrefix || extra.length > 0) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid ${scheme} locator "${scheme}:${rest}": expected ${scheme}:<region>:<name>`,
    );
  }
  return { region, namePrefix };
}

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
  return createAwsBackend({ ...(options as Partial<AwsBackendOptions>), ...parseAwsLocator("aws", rest) });
}
