import { checkCondition, parseCondition } from "../condition.js";
import { applyDelete } from "../item-ops.js";
import { checkItemName, requireParam } from "../params.js";
import type { ActionHandler } from "./context.js";
import { requireDomain } from "./context.js";
import { readDeletePairs } from "./pairs.js";

/**
 * DeleteAttributes: no attributes deletes the item, Name removes all its values, Name+Value one
 * pair. Idempotent unless conditional.
 *
 * @example
 * ```ts
 * deleteAttributes(ctx); // { result: "" }
 * ```
 * @internal
 */
export const deleteAttributes: ActionHandler = (ctx) => {
  const itemName = requireParam(ctx.params, "ItemName");
  checkItemName(itemName, ctx.limits.maxNameValueBytes);
  const pairs = readDeletePairs(ctx.params, ctx.limits);
  const condition = parseCondition(ctx.params);
  const domain = requireDomain(ctx);
  const before = domain.get(itemName);
  if (condition !== undefined)
    checkCondition(before, condition, ctx.conditionalDeleteOnMissingAttribute === "apply");
  if (before === undefined) return { result: "" };
  domain.commit(itemName, applyDelete(before, pairs), ctx.now);
  return { result: "" };
};
