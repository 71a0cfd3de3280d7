import { isSimpleDbError, PutAttributesCommand, type UpdateCondition } from "@jobstore/client-simpledb";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { type AwsContext, getItem, replaceAll, sendOptions, single } from "../context.js";
import { BACKEND_NAME, mapAwsError } from "../map-error.js";
import { discardObject } from "./content-writer.js";
import { contentAttributes, type StoredContent } from "./file-items.js";

/**
 * The condition of a content switch: create-only when there is no previous version, otherwise "still at
 * the version I read".
 *
 * @example
 * ```ts
 * expectVersion(undefined); // { Name: "version", Exists: false }
 * ```
 * @internal
 */
export function expectVersion(previous: string | undefined): UpdateCondition {
  return previous === undefined ? { Name: "version", Exists: false } : { Name: "version", Value: previous };
}

function isConditionFailure(err: unknown): boolean {
  return isSimpleDbError(err, "ConditionalCheckFailed") || isSimpleDbError(err, "AttributeDoesNotExist");
}

/**
 * Switches item `itemName` to `content` with one conditional PutAttributes, then deletes the superseded
 * S3 object `supersededKey`. If the switch does not happen, the new S3 object is deleted so nothing leaks.
 *
 * @remarks When the outcome is unknown (a network failure or abort in flight, or a condition failure
 * answered on a retry, `$mayHaveApplied`) the item is read back: if it carries the new version the
 * write did happen and the call succeeds.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CONCURRENT_MODIFICATION` when another write changed (or deleted)
 * the item since `expected` was read; `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await commitContent(ctx, fileId, fileAttributes(meta), content, expectVersion(undefined), undefined, options, label);
 * ```
 * @internal
 */
export async function commitContent(
  ctx: AwsContext,
  itemName: string,
  fixed: Record<string, string | undefined>,
  content: StoredContent,
  expected: UpdateCondition,
  supersededKey: string | undefined,
  options: CallOptions,
  label: string,
): Promise<void> {
  const domain = ctx.names.filesDomain;
  try {
    await ctx.sdb.send(
      new PutAttributesCommand({
        DomainName: domain,
        ItemName: itemName,
        Attributes: replaceAll({ ...fixed, ...contentAttributes(content) }),
        Expected: expected,
      }),
      sendOptions(options),
    );
  } catch (err) {
    const conflict = isConditionFailure(err);
    const uncertain = conflict
      ? isSimpleDbError(err) && err.$mayHaveApplied
      : !isSimpleDbError(err) || err.$retryable;
    if (uncertain) {
      // Read back without the caller's signal: after an abort we still need to know what happened.
      const current = await getItem(ctx, domain, itemName, {}).catch(() => undefined);
      if (current !== undefined && single(current, "version") === content.version) {
        await discardSuperseded(ctx, supersededKey, content);
        return;
      }
      if (current !== undefined) await discardObject(ctx, content.key);
    } else {
      await discardObject(ctx, content.key);
    }
    if (conflict) {
      throw new JobStoreError(
        "JOBSTORE_CONCURRENT_MODIFICATION",
        `${label}: another write changed or deleted it concurrently`,
        { cause: err, backend: BACKEND_NAME },
      );
    }
    throw mapAwsError(err, `record ${label}`);
  }
  await discardSuperseded(ctx, supersededKey, content);
}

async function discardSuperseded(
  ctx: AwsContext,
  supersededKey: string | undefined,
  content: StoredContent,
): Promise<void> {
  if (supersededKey !== undefined && supersededKey !== content.key) await discardObject(ctx, supersededKey);
}
