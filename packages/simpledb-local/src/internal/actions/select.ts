import { noSuchDomain } from "../errors.js";
import { parseBoolean, requireParam } from "../params.js";
import { executeSelect } from "../select/execute-select.js";
import { parseSelect } from "../select/parser.js";
import { textElement } from "../xml.js";
import type { ActionHandler } from "./context.js";

/**
 * Select: parse, evaluate and page. An unknown domain is `NoSuchDomain`.
 *
 * @example
 * ```ts
 * select(ctx).result; // "<SelectResult><Item>…</Item><NextToken>…</NextToken></SelectResult>"
 * ```
 * @internal
 */
export const select: ActionHandler = (ctx) => {
  const expression = requireParam(ctx.params, "SelectExpression");
  const consistent = parseBoolean(ctx.params.get("ConsistentRead"), "ConsistentRead", false);
  const query = parseSelect(expression);
  const domain = ctx.store.domains.get(query.domain);
  if (domain === undefined) throw noSuchDomain();
  const page = executeSelect(query, domain, {
    at: ctx.readAt(consistent),
    nextToken: ctx.params.get("NextToken"),
    maxPageBytes: ctx.limits.maxSelectPageBytes,
  });
  const token = page.nextToken === undefined ? "" : textElement("NextToken", page.nextToken);
  return { result: `<SelectResult>${page.itemsXml}${token}</SelectResult>`, units: page.scanned };
};
