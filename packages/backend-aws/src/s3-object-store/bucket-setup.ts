import {
  CreateBucketCommand,
  GetBucketLocationCommand,
  PutBucketLifecycleConfigurationCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { JobStoreError } from "@jobstore/core";
import { type ContainerSetup, ObjectStoreError } from "@jobstore/object-store";
import { conflictingRegion, isRegionRedirect } from "./bucket-region.js";
import { ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS } from "./s3-capabilities.js";
import { s3Error, s3ErrorKind } from "./s3-errors.js";

/** The ID of the lifecycle rule the store's bucket gets. */
export const LIFECYCLE_RULE_ID = "jobstore-abort-incomplete-multipart-uploads";

/**
 * The bucket a {@link createBucket} call works on.
 *
 * @internal
 */
export interface BucketTarget {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly region: string;
}

/**
 * Creates the store's bucket in its region unless it is there (an existing bucket of ours is fine: then
 * `created` is false), checks where it is, and sets the lifecycle rule that aborts multipart uploads left
 * incomplete for {@link ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS} day. Three requests for a new bucket
 * (GetBucketLocation, CreateBucket, the rule), two for an existing one.
 *
 * @throws {@link @jobstore/object-store!ObjectStoreError} `"invalid"` when S3 refuses the name or location, or when the
 * bucket exists in another region (then with a `JOBSTORE_BUCKET_REGION_CONFLICT` {@link @jobstore/core!JobStoreError} as its
 * cause, which the backend reports as is); other kinds as classified.
 * @example
 * ```ts
 * const { created, expiryRuleSet } = await createBucket({ s3, bucket, region }, {});
 * ```
 * @internal
 */
export async function createBucket(
  target: BucketTarget,
  options: { signal?: AbortSignal | undefined },
): Promise<ContainerSetup> {
  const { s3, bucket: Bucket, region } = target;
  const send = options.signal ? { abortSignal: options.signal } : {};
  // Located first: radosgw and AWS us-east-1 answer 200 to CreateBucket on a bucket we own, which cannot
  // tell "created" from "was there".
  let location = await locate(target, options, true);
  if (location === MISSING || location === UNKNOWN) {
    // Made here with our location constraint: nothing to check. Else someone made it since: check it.
    if (await create()) return { created: true, expiryRuleSet: await setLifecycleRule(target, options) };
    location = await locate(target, options, false);
  }
  const actual = conflictingRegion(location as string | undefined, region);
  if (actual) throw regionConflict(target, actual);
  return { created: false, expiryRuleSet: await setLifecycleRule(target, options) };

  async function create(): Promise<boolean> {
    try {
      await s3.send(
        new CreateBucketCommand({
          Bucket,
          // us-east-1 is the one region that must not be named as a location constraint.
          ...(region === "us-east-1"
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
        }),
        send,
      );
      return true;
    } catch (err) {
      if (isRegionRedirect(err)) throw regionConflict(target, undefined, err);
      if ((err as { name?: string }).name !== "BucketAlreadyOwnedByYou") {
        throw s3Error(err, `create bucket ${Bucket} in region ${region}`, options.signal);
      }
      return false;
    }
  }
}

const MISSING = Symbol("missing");
const UNKNOWN = Symbol("unknown");

/**
 * The bucket's location constraint; {@link MISSING} when there is no such bucket; with `tolerant`,
 * {@link UNKNOWN} on other refusals (a bucket of someone else, a bad name), which CreateBucket then names.
 */
async function locate(
  { s3, bucket: Bucket }: BucketTarget,
  options: { signal?: AbortSignal | undefined },
  tolerant: boolean,
): Promise<string | undefined | typeof MISSING | typeof UNKNOWN> {
  try {
    const send = options.signal ? { abortSignal: options.signal } : {};
    return (await s3.send(new GetBucketLocationCommand({ Bucket }), send)).LocationConstraint;
  } catch (err) {
    const mapped = s3Error(err, `locate bucket ${Bucket}`, options.signal);
    if (mapped.kind === "no-container" && tolerant) return MISSING;
    if (!tolerant || mapped.kind === "aborted" || mapped.kind === "transient") throw mapped;
    return UNKNOWN;
  }
}

/**
 * Sets the abort-incomplete-uploads rule; `false` when the server refuses it (not when it is down).
 *
 * @throws {@link @jobstore/object-store!ObjectStoreError} `"transient"` or `"aborted"`: a retry may set it.
 * @example
 * ```ts
 * if (!(await setLifecycleRule(target, {}))) console.warn("no lifecycle rule: use removeLeftovers");
 * ```
 * @internal
 */
export async function setLifecycleRule(
  { s3, bucket }: BucketTarget,
  options: { signal?: AbortSignal | undefined },
): Promise<boolean> {
  try {
    await s3.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
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
      options.signal ? { abortSignal: options.signal } : {},
    );
    return true;
  } catch (err) {
    // 501 NotImplemented is a refusal, not an outage.
    const kind = options.signal?.aborted ? "aborted" : s3ErrorKind(err);
    if (kind === "transient" || kind === "aborted")
      throw s3Error(err, `set the lifecycle rule of ${bucket}`, options.signal);
    return false;
  }
}

function regionConflict(target: BucketTarget, actual: string | undefined, cause?: unknown): ObjectStoreError {
  const message = `bucket ${target.bucket} exists in ${actual ?? "another region"}, not in ${target.region}`;
  const conflict = new JobStoreError("JOBSTORE_BUCKET_REGION_CONFLICT", message, { cause, backend: "aws" });
  return new ObjectStoreError("invalid", message, { cause: conflict });
}
