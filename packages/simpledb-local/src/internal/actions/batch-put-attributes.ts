import { applyPut } from "../item-ops.js";
import { readBatchItems } from "./batch-items.js";
import type { ActionHandler } from "./context.js";
import { requireDomain } from "./context.js";
import type { PlannedWrite } from "./pairs.js";
import { checkWriteLimits, readPutPairs } from "./pairs.js";

/**
 * BatchPutAttributes: up to 25 items, all-or-nothing, no conditions.
 *
 * @example
 * ```ts
 * batchPutAttributes(ctx); // { result: "" }
 * ```
 * @internal
 */
export const batchPutAttributes: ActionHandler = (ctx) => {
  const items = readBatchItems(ctx.params, ctx.limits, ctx.requestBytes);
  const planned = items.map(({ itemName, params }) => ({
    itemName,
    pairs: readPutPairs(params, ctx.limits, itemName),
  }));
  const domain = requireDomain(ctx);
  const writes: PlannedWrite[] = planned.map(({ itemName, pairs }) => ({
    itemName,
    after: applyPut(domain.get(itemName), pairs),
  }));
  checkWriteLimits(domain, writes, ctx.limits);
  for (const write of writes) domain.commit(write.itemName, write.after, ctx.now, write.size);
  return { result: "", units: writes.length };
};
