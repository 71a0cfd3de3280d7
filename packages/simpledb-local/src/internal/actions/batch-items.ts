import type { SimpleDbLimits } from "../../limits.js";
import { missingParameter, SdbError } from "../errors.js";
import type { ParamMap } from "../params.js";
import { checkItemName, groupIndexed } from "../params.js";

/**
 * One `Item.N.*` group of a batch call.
 * @example
 * ```ts
 * const item: BatchItem = { itemName: "job-1", params: new Map([["Attribute.1.Name", "state"]]) };
 * ```
 * @internal
 */
export interface BatchItem {
  itemName: string;
  /** The group's own parameters with the `Item.N.` prefix removed. */
  params: Map<string, string>;
}

/**
 * Reads the `Item.N.*` groups of BatchPut/BatchDeleteAttributes and applies the batch-wide
 * checks: request size, item count, item names, duplicates and the deprecated per-item Replace.
 *
 * @throws SdbError `InvalidParameterValue`, `NumberSubmittedItemsExceeded`, `MissingParameter`,
 *   `DuplicateItemName`, `FeatureDeprecated`
 * @example
 * ```ts
 * const items = readBatchItems(ctx.params, ctx.limits, ctx.requestBytes);
 * ```
 * @internal
 */
export function readBatchItems(params: ParamMap, limits: SimpleDbLimits, requestBytes: number): BatchItem[] {
  if (requestBytes > limits.maxBatchRequestBytes) {
    throw new SdbError(
      "InvalidParameterValue",
      `The request size (${requestBytes} bytes) exceeds the limit of ${limits.maxBatchRequestBytes} bytes for batch calls.`,
    );
  }
  const groups = groupIndexed(params, "Item.");
  if (groups.length === 0) throw missingParameter("Item.1.ItemName");
  if (groups.length > limits.maxBatchItems) {
    throw new SdbError(
      "NumberSubmittedItemsExceeded",
      `Too many items in a single call. Up to ${limits.maxBatchItems} items per call allowed.`,
    );
  }
  const seen = new Set<string>();
  const items: BatchItem[] = [];
  for (const group of groups) {
    const itemName = group.get("ItemName");
    if (itemName === undefined) throw missingParameter("ItemName");
    checkItemName(itemName, limits.maxNameValueBytes);
    if (seen.has(itemName))
      throw new SdbError("DuplicateItemName", `Item ${itemName} was specified more than once.`);
    seen.add(itemName);
    if (group.has("Replace")) {
      throw new SdbError(
        "FeatureDeprecated",
        "The replace flag must be specified per attribute, not per item.",
      );
    }
    items.push({ itemName, params: group });
  }
  return items;
}
