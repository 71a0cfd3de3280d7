import { applyDelete } from "../item-ops.js";
import { readBatchItems } from "./batch-items.js";
import type { ActionHandler } from "./context.js";
import { requireDomain } from "./context.js";
import { readDeletePairs } from "./pairs.js";

/**
 * BatchDeleteAttributes: up to 25 items, all-or-nothing, idempotent, no conditions.
 *
 * @example
 * ```ts
 * batchDeleteAttributes(ctx); // { result: "" }
 * ```
 * @internal
 */
export const batchDeleteAttributes: ActionHandler = (ctx) => {
  const items = readBatchItems(ctx.params, ctx.limits, ctx.requestBytes);
  const planned = items.map(({ itemName, params }) => ({
    itemName,
    pairs: readDeletePairs(params, ctx.limits),
  }));
  const domain = requireDomain(ctx);
  for (const { itemName, pairs } of planned) {
    const before = domain.get(itemName);
    if (before !== undefined) domain.commit(itemName, applyDelete(before, pairs), ctx.now);
  }
  return { result: "", units: planned.length };
};
