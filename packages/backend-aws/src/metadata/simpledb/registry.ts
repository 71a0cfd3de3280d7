import { CreateBucketCommand, DeleteBucketCommand, GetBucketLocationCommand } from "@aws-sdk/client-s3";
import {
  CreateDomainCommand,
  DeleteAttributesCommand,
  DeleteDomainCommand,
  isSimpleDbError,
  PutAttributesCommand,
} from "@jobstore/client-simpledb";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { conflictingRegion, isRegionRedirect } from "./bucket-region.js";
import { type AwsContext, getItem, sendOptions, single } from "./context.js";
import { BACKEND_NAME, isS3Missing, mapAwsError } from "./map-error.js";

const EXISTS = "exists";
type Registered = "yes" | "no" | "in-between";

/**
 * Creation, opening and destruction of a store. The registry domain's item for the prefix is the one
 * consistent answer to "does this store exist": `True` once created, `False` while being created or
 * destroyed, absent otherwise (Toil's design).
 */
export function createLifecycle(ctx: AwsContext, emptyBucket: (options: CallOptions) => Promise<void>) {
  const { names } = ctx;

  async function registered(options: CallOptions): Promise<Registered> {
    try {
      const item = await getItem(ctx, ctx.registryDomain, names.prefix, options);
      const value = single(item, EXISTS);
      return value === "True" ? "yes" : value === "False" ? "in-between" : "no";
    } catch (err) {
      if (isSimpleDbError(err, "NoSuchDomain")) return "no";
      throw err;
    }
  }

  async function setRegistered(value: "True" | "False", options: CallOptions): Promise<void> {
    await ctx.sdb.send(
      new PutAttributesCommand({
        DomainName: ctx.registryDomain,
        ItemName: names.prefix,
        Attributes: [{ Name: EXISTS, Value: value, Replace: true }],
      }),
      sendOptions(options),
    );
  }

  async function createBucket(options: CallOptions): Promise<void> {
    try {
      await ctx.s3.send(
        new CreateBucketCommand({
          Bucket: names.bucket,
          // us-east-1 is the one region that must not be named as a location constraint.
          ...(ctx.region === "us-east-1"
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: ctx.region as never } }),
        }),
        sendOptions(options),
      );
    } catch (err) {
      if (isRegionRedirect(err)) throw regionConflict(undefined, err);
      if ((err as { name?: string }).name !== "BucketAlreadyOwnedByYou") throw err;
    }
    const location = await ctx.s3.send(
      new GetBucketLocationCommand({ Bucket: names.bucket }),
      sendOptions(options),
    );
    const actual = conflictingRegion(location.LocationConstraint, ctx.region);
    if (actual) throw regionConflict(actual);
  }

  function regionConflict(actual: string | undefined, cause?: unknown): JobStoreError {
    return new JobStoreError(
      "JOBSTORE_BUCKET_REGION_CONFLICT",
      `bucket ${names.bucket} exists in ${actual ?? "another region"}, not in ${ctx.region}`,
      { cause, backend: BACKEND_NAME },
    );
  }

  async function tolerate(
    what: string,
    fn: () => Promise<unknown>,
    missing: (err: unknown) => boolean,
  ): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (!missing(err)) throw mapAwsError(err, what);
    }
  }

  const noSuchDomain = (err: unknown) => isSimpleDbError(err, "NoSuchDomain");

  async function destroy(options: CallOptions): Promise<void> {
    await tolerate(
      "destroy: registry",
      async () => {
        if ((await registered(options)) !== "no") await setRegistered("False", options);
      },
      noSuchDomain,
    );
    await tolerate("destroy: bucket contents", () => emptyBucket(options), isS3Missing);
    await tolerate(
      "destroy: bucket",
      () => ctx.s3.send(new DeleteBucketCommand({ Bucket: names.bucket }), sendOptions(options)),
      isS3Missing,
    );
    for (const domain of [names.jobsDomain, names.filesDomain]) {
      await tolerate(
        `destroy: domain ${domain}`,
        () => ctx.sdb.send(new DeleteDomainCommand({ DomainName: domain }), sendOptions(options)),
        noSuchDomain,
      );
    }
    await tolerate(
      "destroy: registry",
      () =>
        ctx.sdb.send(
          new DeleteAttributesCommand({ DomainName: ctx.registryDomain, ItemName: names.prefix }),
          sendOptions(options),
        ),
      noSuchDomain,
    );
  }

  return {
    async create(options: CallOptions): Promise<void> {
      try {
        await ctx.sdb.send(new CreateDomainCommand({ DomainName: ctx.registryDomain }), sendOptions(options));
        if ((await registered(options)) === "yes") {
          throw new JobStoreError(
            "JOBSTORE_EXISTS",
            `the AWS store ${names.prefix} in ${ctx.region} exists already`,
            { backend: BACKEND_NAME },
          );
        }
      } catch (err) {
        throw mapAwsError(err, `create ${names.prefix}`);
      }
      try {
        await setRegistered("False", options);
        // Domains first: a bucket conflict must still leave something destroy() can clean up.
        await ctx.sdb.send(new CreateDomainCommand({ DomainName: names.jobsDomain }), sendOptions(options));
        await ctx.sdb.send(new CreateDomainCommand({ DomainName: names.filesDomain }), sendOptions(options));
        await createBucket(options);
        await setRegistered("True", options);
      } catch (err) {
        // Half-created: remove what was made (best effort) so the prefix can be used again.
        await destroy({}).catch(() => {});
        throw mapAwsError(err, `create ${names.prefix}`);
      }
    },

    async open(options: CallOptions): Promise<void> {
      let state: Registered;
      try {
        state = await registered(options);
      } catch (err) {
        throw mapAwsError(err, `open ${names.prefix}`);
      }
      if (state !== "yes") {
        throw new JobStoreError(
          "JOBSTORE_NO_SUCH_STORE",
          `the AWS store ${names.prefix} in ${ctx.region} does not exist${state === "in-between" ? " (it is being created or destroyed)" : ""}`,
          { backend: BACKEND_NAME },
        );
      }
    },

    async destroy(options: CallOptions): Promise<void> {
      await destroy(options);
    },
  };
}
