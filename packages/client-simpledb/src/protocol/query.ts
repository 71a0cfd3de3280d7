import type { DeletableAttribute, ReplaceableAttribute, UpdateCondition } from "../types.js";

/**
 * Form parameters of one request, before the common and signature parameters are added.
 *
 * @example
 * ```ts
 * const params: RequestParams = { DomainName: "jobs", ItemName: "j1" };
 * ```
 */
export type RequestParams = Record<string, string>;

/** Serialises a boolean the only way SimpleDB accepts (`true` / `false`). */
export function bool(v: boolean): string {
  return v ? "true" : "false";
}

/** Throws a TypeError unless `v` is a string; catches JS callers passing numbers or undefined. */
export function requireString(v: unknown, what: string): string {
  if (typeof v !== "string")
    throw new TypeError(`${what} must be a string, got ${v === null ? "null" : typeof v}`);
  return v;
}

/**
 * Adds `Attribute.N.Name/Value/Replace` (N from 1, as boto and the docs do)
 * under `prefix` (e.g. `""` or `"Item.3."`).
 */
export function addReplaceableAttributes(
  params: RequestParams,
  prefix: string,
  attrs: readonly ReplaceableAttribute[],
): void {
  attrs.forEach((a, i) => {
    const p = `${prefix}Attribute.${i + 1}.`;
    params[`${p}Name`] = requireString(a.Name, `${p}Name`);
    params[`${p}Value`] = requireString(a.Value, `${p}Value`);
    if (a.Replace !== undefined) params[`${p}Replace`] = bool(a.Replace);
  });
}

/** Adds `Attribute.N.Name` and optional `Attribute.N.Value` under `prefix`. */
export function addDeletableAttributes(
  params: RequestParams,
  prefix: string,
  attrs: readonly DeletableAttribute[],
): void {
  attrs.forEach((a, i) => {
    const p = `${prefix}Attribute.${i + 1}.`;
    params[`${p}Name`] = requireString(a.Name, `${p}Name`);
    if (a.Value !== undefined) params[`${p}Value`] = requireString(a.Value, `${p}Value`);
  });
}

/**
 * Adds the un-indexed `Expected.Name/Value/Exists` spelling (what botocore
 * and the PutAttributes page use; the indexed one is also accepted).
 */
export function addExpected(params: RequestParams, expected: UpdateCondition | undefined): void {
  if (expected === undefined) return;
  if (expected.Name !== undefined) params["Expected.Name"] = requireString(expected.Name, "Expected.Name");
  if (expected.Value !== undefined)
    params["Expected.Value"] = requireString(expected.Value, "Expected.Value");
  if (expected.Exists !== undefined) params["Expected.Exists"] = bool(expected.Exists);
}

/** Empty `<NextToken/>` (as some emulators send) means no more pages. */
export function nextToken(t: string | undefined): { NextToken?: string } {
  return t === undefined || t === "" ? {} : { NextToken: t };
}
