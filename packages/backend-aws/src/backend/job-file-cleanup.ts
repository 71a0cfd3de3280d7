import { BatchDeleteAttributesCommand } from "@jobstore/client-simpledb";
import type { CallOptions } from "@jobstore/core";
import { type AwsContext, quote, selectAll, sendOptions, single } from "../context.js";
import { mapAwsError } from "../map-error.js";
import { deleteObjects } from "./bucket-cleanup.js";

/** SimpleDB's limit of items per BatchDeleteAttributes. */
export const BATCH_DELETE_ITEMS = 25;

/**
 * Deletes every file written for `jobId` with `cleanup` (the cascade of `deleteJob`): one consistent,
 * paged Select of their item names and S3 keys, BatchDeleteAttributes 25 items a call, then S3
 * DeleteObjects 1000 keys a call — about 1 + n/25 + n/1000 requests for n files.
 *
 * @remarks Items go before objects, so a crash in between leaks S3 objects (removed by `destroy`) rather
 * than leaving items whose content is gone. Idempotent.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await deleteJobFiles(ctx, job.jobStoreId, options);
 * ```
 * @internal
 */
export async function deleteJobFiles(ctx: AwsContext, jobId: string, options: CallOptions): Promise<void> {
  const domain = ctx.names.filesDomain;
  const names: string[] = [];
  const keys: string[] = [];
  try {
    const expression = `select \`key\` from \`${domain}\` where kind = ${quote("file")} and owner = ${quote(jobId)} and cleanup = ${quote("1")}`;
    for await (const { name, attributes } of selectAll(ctx, expression, options)) {
      names.push(name);
      const key = single(attributes, "key");
      if (key) keys.push(key);
    }
    for (let i = 0; i < names.length; i += BATCH_DELETE_ITEMS) {
      const Items = names.slice(i, i + BATCH_DELETE_ITEMS).map((Name) => ({ Name }));
      await ctx.sdb.send(
        new BatchDeleteAttributesCommand({ DomainName: domain, Items }),
        sendOptions(options),
      );
    }
  } catch (err) {
    throw mapAwsError(err, `delete the files of job ${jobId}`);
  }
  await deleteObjects(ctx, keys, options);
}
