import { checkItemName, groupIndexedValues, parseBoolean, requireParam } from "../params.js";
import { attributeXml } from "../xml.js";
import type { ActionHandler } from "./context.js";
import { requireDomain } from "./context.js";

/**
 * GetAttributes: all pairs or those named by `AttributeName.N`; a missing item is an empty
 * result, not an error.
 *
 * @example
 * ```ts
 * getAttributes(ctx).result; // "<GetAttributesResult><Attribute>…</Attribute></GetAttributesResult>"
 * ```
 * @internal
 */
export const getAttributes: ActionHandler = (ctx) => {
  const itemName = requireParam(ctx.params, "ItemName");
  checkItemName(itemName, ctx.limits.maxNameValueBytes);
  const consistent = parseBoolean(ctx.params.get("ConsistentRead"), "ConsistentRead", false);
  const wanted = groupIndexedValues(ctx.params, "AttributeName.");
  const domain = requireDomain(ctx);
  const attrs = domain.get(itemName, ctx.readAt(consistent));
  let xml = "<GetAttributesResult>";
  if (attrs !== undefined) {
    if (wanted.length === 0) {
      for (const [name, values] of attrs) for (const value of values) xml += attributeXml(name, value);
    } else {
      for (const name of new Set(wanted))
        for (const value of attrs.get(name) ?? []) xml += attributeXml(name, value);
    }
  }
  return { result: `${xml}</GetAttributesResult>` };
};
