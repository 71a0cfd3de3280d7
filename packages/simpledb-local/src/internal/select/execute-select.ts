import { createHash } from "node:crypto";
import type { ItemAttrs } from "../item-ops.js";
import { decodeToken, encodeToken, invalidNextToken } from "../next-token.js";
import type { Domain } from "../store.js";
import { attributeXml, textElement } from "../xml.js";
import type { SelectQuery } from "./ast.js";
import { compareStrings } from "./compare.js";
import { compileWhere } from "./evaluator.js";

const DEFAULT_LIMIT = 100;

/**
 * Inputs of {@link executeSelect} besides the query.
 * @example
 * ```ts
 * const run: SelectRun = { at: undefined, nextToken: undefined, maxPageBytes: 1024 * 1024 };
 * ```
 * @internal
 */
export interface SelectRun {
  /** Read the domain as of this time (stale read); latest when undefined. */
  at: number | undefined;
  nextToken: string | undefined;
  maxPageBytes: number;
}

/**
 * One page of Select output.
 * @example
 * ```ts
 * const { itemsXml, nextToken } = executeSelect(query, domain, run);
 * ```
 * @internal
 */
export interface SelectPage {
  /** `<Item>` elements, ready to go inside `<SelectResult>`. */
  itemsXml: string;
  nextToken: string | undefined;
  /** Items examined, for BoxUsage. */
  scanned: number;
}

interface Match {
  name: string;
  attrs: ItemAttrs;
  key: string;
}

/**
 * Runs a parsed Select against a domain and cuts one page.
 *
 * @remarks Tokens record the sort key and item name of the last item returned plus a hash of
 * the domain, where and order-by clauses, so pages stay correct while items are written between
 * calls, count and select tokens are interchangeable (the "offset" idiom), and a token used
 * with a different query is rejected with `InvalidNextToken`. Without `order by`, items come in
 * item-name order (AWS promises no order at all).
 * @example
 * ```ts
 * executeSelect(parseSelect("select * from jobs"), domain, { at: undefined, nextToken: undefined, maxPageBytes: 1 << 20 });
 * ```
 * @internal
 */
export function executeSelect(query: SelectQuery, domain: Domain, run: SelectRun): SelectPage {
  const hash = queryHash(query);
  const resume = run.nextToken === undefined ? undefined : readToken(run.nextToken, hash);
  const predicate = compileWhere(query.where);
  const sortAttr = query.orderBy?.target.kind === "attr" ? query.orderBy.target.name : undefined;
  const descending = query.orderBy?.descending ?? false;
  const matches: Match[] = [];
  let scanned = 0;
  for (const [name, attrs] of domain.entries(run.at)) {
    scanned++;
    if (!predicate(name, attrs)) continue;
    let key = name;
    if (sortAttr !== undefined) {
      const values = attrs.get(sortAttr);
      // Items without the sort attribute cannot be placed in the order; SimpleDB leaves them out.
      if (values === undefined || values.length === 0) continue;
      key = pickSortValue(values, descending);
    }
    matches.push({ name, attrs, key });
  }
  const direction = descending ? -1 : 1;
  const order = (a: { key: string; name: string }, b: { key: string; name: string }) =>
    direction * (compareStrings(a.key, b.key) || compareStrings(a.name, b.name));
  matches.sort(order);
  const start = resume === undefined ? 0 : firstAfter(matches, resume, order);
  const remaining = matches.length - start;

  if (query.output.kind === "count") {
    const limit = query.limit ?? Number.POSITIVE_INFINITY;
    const counted = Math.min(limit, remaining);
    const last = matches[start + counted - 1];
    const more = remaining > counted && last !== undefined;
    const itemsXml = `<Item><Name>Domain</Name>${attributeXml("Count", String(counted))}</Item>`;
    return { itemsXml, nextToken: more ? writeToken(hash, last) : undefined, scanned };
  }

  const limit = query.limit ?? DEFAULT_LIMIT;
  let itemsXml = "";
  let returned = 0;
  let last: Match | undefined;
  while (returned < limit && start + returned < matches.length) {
    const match = matches[start + returned] as Match;
    const xml = itemXml(match, query.output);
    // The real service cuts a page at 1 MB of response; never return an empty page for it.
    if (returned > 0 && itemsXml.length + xml.length > run.maxPageBytes) break;
    itemsXml += xml;
    returned++;
    last = match;
  }
  const more = start + returned < matches.length && last !== undefined;
  return { itemsXml, nextToken: more && last !== undefined ? writeToken(hash, last) : undefined, scanned };
}

function itemXml(match: Match, output: SelectQuery["output"]): string {
  let xml = `<Item>${textElement("Name", match.name)}`;
  if (output.kind === "all") {
    for (const [name, values] of match.attrs) for (const value of values) xml += attributeXml(name, value);
  } else if (output.kind === "attrs") {
    for (const name of new Set(output.names)) {
      for (const value of match.attrs.get(name) ?? []) xml += attributeXml(name, value);
    }
  }
  return `${xml}</Item>`;
}

// Unspecified by AWS for multi-valued attributes: the smallest value sorts ascending, the largest descending.
function pickSortValue(values: readonly string[], descending: boolean): string {
  let best = values[0] as string;
  for (const value of values) {
    const cmp = compareStrings(value, best);
    if (descending ? cmp > 0 : cmp < 0) best = value;
  }
  return best;
}

function firstAfter(
  matches: Match[],
  resume: { key: string; name: string },
  order: (a: { key: string; name: string }, b: { key: string; name: string }) => number,
): number {
  let low = 0;
  let high = matches.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (order(matches[mid] as Match, resume) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function queryHash(query: SelectQuery): string {
  const basis = JSON.stringify([query.domain, query.where ?? null, query.orderBy ?? null]);
  return createHash("sha256").update(basis).digest("base64").slice(0, 16);
}

function writeToken(hash: string, last: Match): string {
  return encodeToken({ q: hash, k: last.key, n: last.name });
}

function readToken(token: string, hash: string): { key: string; name: string } {
  const state = decodeToken(token);
  if (state.q !== hash || typeof state.k !== "string" || typeof state.n !== "string")
    throw invalidNextToken();
  return { key: state.k, name: state.n };
}
