import { invalidParameter } from "../errors.js";
import { decodeToken, encodeToken, invalidNextToken } from "../next-token.js";
import { compareStrings } from "../select/compare.js";
import { textElement } from "../xml.js";
import type { ActionHandler } from "./context.js";

/**
 * ListDomains: sorted names, `MaxNumberOfDomains` 1–100 (default 100), NextToken paging.
 *
 * @example
 * ```ts
 * listDomains(ctx).result; // "<ListDomainsResult><DomainName>jobs</DomainName></ListDomainsResult>"
 * ```
 * @internal
 */
export const listDomains: ActionHandler = (ctx) => {
  const maxText = ctx.params.get("MaxNumberOfDomains");
  let max = 100;
  if (maxText !== undefined) {
    max = Number(maxText);
    if (!/^\d+$/.test(maxText) || max < 1 || max > 100) {
      throw invalidParameter("MaxNumberOfDomains", maxText, "MaxNumberOfDomains must be between 1 and 100.");
    }
  }
  const names = [...ctx.store.domains.keys()].sort(compareStrings);
  let start = 0;
  const token = ctx.params.get("NextToken");
  if (token !== undefined) {
    const state = decodeToken(token);
    if (typeof state.d !== "string") throw invalidNextToken();
    const after = state.d;
    start = names.findIndex((name) => compareStrings(name, after) > 0);
    if (start < 0) start = names.length;
  }
  const page = names.slice(start, start + max);
  let xml = "<ListDomainsResult>";
  for (const name of page) xml += textElement("DomainName", name);
  const last = page[page.length - 1];
  if (start + max < names.length && last !== undefined)
    xml += textElement("NextToken", encodeToken({ d: last }));
  return { result: `${xml}</ListDomainsResult>` };
};
