import { JobStoreError } from "@jobstore/core";

const PREFIX = /^[a-z0-9][a-z0-9-]+[a-z0-9]$/;
const MAX_PREFIX = 51;

/**
 * The resources a store is made of, derived from its name prefix.
 *
 * @public
 */
export interface AwsResourceNames {
  /** The validated prefix. */
  prefix: string;
  /** SimpleDB domain of job descriptions. */
  jobsDomain: string;
  /** SimpleDB domain of file, shared-file and log metadata. */
  filesDomain: string;
  /** S3 bucket of file contents and overlarge jobs. */
  bucket: string;
}

/**
 * Validates a name prefix and derives the resource names from it.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` naming the prefix and the broken rule.
 * @example
 * ```ts
 * resourceNames("my-run").bucket; // "my-run--files"
 * ```
 * @public
 */
export function resourceNames(prefix: string): AwsResourceNames {
  const why =
    typeof prefix !== "string"
      ? "it must be a string"
      : prefix.length > MAX_PREFIX
        ? `it is ${prefix.length} characters long (at most ${MAX_PREFIX})`
        : prefix.includes("--")
          ? 'it contains "--", which separates the prefix from the resource suffix'
          : !PREFIX.test(prefix)
            ? "it must be lowercase letters, digits and single hyphens, at least 3 characters, not starting or ending with a hyphen"
            : undefined;
  if (why)
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid AWS name prefix ${JSON.stringify(prefix)}: ${why}`,
    );
  return {
    prefix,
    jobsDomain: `${prefix}--jobs`,
    filesDomain: `${prefix}--files`,
    bucket: `${prefix}--files`,
  };
}
