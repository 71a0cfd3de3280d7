import {
  CreateBucketCommand,
  GetBucketLocationCommand,
  PutBucketLifecycleConfigurationCommand,
} from "@aws-sdk/client-s3";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { BACKEND_NAME, isRetryableAwsError } from "../map-error.js";
import { conflictingRegion, isRegionRedirect } from "../s3-object-store/bucket-region.js";
import { ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS, type ContentConfig, sendOptions } from "./content-config.js";

/** The ID of the lifecycle rule the store's bucket gets. */
export const LIFECYCLE_RULE_ID = "jobstore-abort-incomplete-multipart-uploads";

/**
 * Creates the store's bucket in its region (an existing bucket of ours is fine), checks where it is, and
 * sets the lifecycle rule that aborts multipart uploads left incomplete for
 * {@link ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS} day.
 *
 * @returns whether the server accepted the lifecycle rule (S3-compatible servers may refuse it; then only
 * `destroy` and `removeLeftovers` reclaim abandoned uploads).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_BUCKET_REGION_CONFLICT`; S3 errors unmapped.
 * @example
 * ```ts
 * const ruleSet = await createBucket(cfg, {});
 * ```
 * @internal
 */
export async function createBucket(cfg: ContentConfig, options: CallOptions): Promise<boolean> {
  try {
    await cfg.s3.send(
      new CreateBucketCommand({
        Bucket: cfg.bucket,
        // us-east-1 is the one region that must not be named as a location constraint.
        ...(cfg.region === "us-east-1"
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: cfg.region as never } }),
      }),
      sendOptions(options),
    );
  } catch (err) {
    if (isRegionRedirect(err)) throw regionConflict(cfg, undefined, err);
    if ((err as { name?: string }).name !== "BucketAlreadyOwnedByYou") throw err;
  }
  const location = await cfg.s3.send(
    new GetBucketLocationCommand({ Bucket: cfg.bucket }),
    sendOptions(options),
  );
  const actual = conflictingRegion(location.LocationConstraint, cfg.region);
  if (actual) throw regionConflict(cfg, actual);
  return setLifecycleRule(cfg, options);
}

/**
 * Sets the abort-incomplete-uploads rule; `false` when the server refuses it (not when it is down).
 *
 * @throws S3 errors that a retry may fix (5xx, throttling, network), unmapped.
 * @example
 * ```ts
 * if (!(await setLifecycleRule(cfg, {}))) console.warn("no lifecycle rule: use removeLeftovers");
 * ```
 * @internal
 */
export async function setLifecycleRule(cfg: ContentConfig, options: CallOptions): Promise<boolean> {
  try {
    await cfg.s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: cfg.bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: LIFECYCLE_RULE_ID,
              Status: "Enabled",
              Filter: { Prefix: "" },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS },
            },
          ],
        },
      }),
      sendOptions(options),
    );
    return true;
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    // 501 NotImplemented is a refusal, not an outage.
    const refused = e.name === "NotImplemented" || e.$metadata?.httpStatusCode === 501;
    if (!refused && (isRetryableAwsError(err) || e.name === "AbortError")) throw err;
    return false;
  }
}

function regionConflict(cfg: ContentConfig, actual: string | undefined, cause?: unknown): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_BUCKET_REGION_CONFLICT",
    `bucket ${cfg.bucket} exists in ${actual ?? "another region"}, not in ${cfg.region}`,
    { cause, backend: BACKEND_NAME },
  );
}
