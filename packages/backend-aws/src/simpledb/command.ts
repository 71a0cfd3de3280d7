import type { DeletableAttribute, ReplaceableAttribute, SimpleDbOutput, UpdateCondition } from "./types.js";
import type { ParsedSuccess } from "./xml.js";

/**
 * Form parameters of one request, before the common and signature parameters are added.
 *
 * @example
 * ```ts
 * const params: RequestParams = { DomainName: "jobs", ItemName: "j1" };
 * ```
 */
export type RequestParams = Record<string, string>;

/**
 * Base class of the ten command classes. A command is the input plus how to
 * turn it into form parameters and how to read the result element, like the
 * AWS SDK v3's commands. Instances are immutable and can be sent repeatedly.
 *
 * @typeParam Input - the `…CommandInput` shape
 * @typeParam Output - the `…CommandOutput` shape
 *
 * @example
 * ```ts
 * const cmd = new GetAttributesCommand({ DomainName: "jobs", ItemName: "j1" });
 * const out = await client.send(cmd);
 * ```
 */
export abstract class SimpleDbCommand<Input extends object, Output extends SimpleDbOutput> {
  /** The SimpleDB `Action` parameter. */
  abstract readonly action: string;
  /**
   * Whether the action changes data. Only writes get `$mayHaveApplied` on
   * ambiguous failures.
   */
  abstract readonly isWrite: boolean;

  constructor(readonly input: Input) {}

  /** Form parameters specific to this action (without Action, Version, auth). */
  abstract serialize(): RequestParams;

  /** Reads the action's result from a parsed success body. */
  abstract deserialize(parsed: ParsedSuccess): Omit<Output, "$metadata" | "BoxUsage">;
}

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
