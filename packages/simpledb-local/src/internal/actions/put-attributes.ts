import { checkCondition, parseCondition } from "../condition.js";
import { applyPut } from "../item-ops.js";
import { checkItemName, requireParam } from "../params.js";
import type { ActionHandler } from "./context.js";
import { requireDomain } from "./context.js";
import type { PlannedWrite } from "./pairs.js";
import { checkWriteLimits, readPutPairs } from "./pairs.js";

/**
 * PutAttributes: set-of-pairs semantics with per-attribute Replace and an optional condition.
 *
 * @remarks The condition is checked against the latest state, so check and write are atomic
 * (requests are handled one at a time).
 * @example
 * ```ts
 * putAttributes(ctx); // { result: "" }
 * ```
 * @internal
 */
export const putAttributes: ActionHandler = (ctx) => {
  const itemName = requireParam(ctx.params, "ItemName");
  checkItemName(itemName, ctx.limits.maxNameValueBytes);
  const pairs = readPutPairs(ctx.params, ctx.limits, itemName);
  const condition = parseCondition(ctx.params);
  const domain = requireDomain(ctx);
  const before = domain.get(itemName);
  if (condition !== undefined) checkCondition(before, condition);
  const after = applyPut(before, pairs);
  const write: PlannedWrite = { itemName, after };
  checkWriteLimits(domain, [write], ctx.limits);
  domain.commit(itemName, after, ctx.now, write.size);
  return { result: "" };
};
