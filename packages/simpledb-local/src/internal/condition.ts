import { invalidParameter, SdbError } from "./errors.js";
import type { ItemAttrs } from "./item-ops.js";
import type { ParamMap } from "./params.js";

/**
 * The single `Expected.*` condition of a PutAttributes/DeleteAttributes call.
 * @example
 * ```ts
 * const createIfAbsent: Condition = { name: "owner", value: undefined, exists: false };
 * ```
 * @internal
 */
export interface Condition {
  name: string;
  /** Expected single value; undefined with `exists: false` means "must be absent". */
  value: string | undefined;
  exists: boolean;
}

const EXPECTED = /^Expected\.(?:(\d+)\.)?(Name|Value|Exists)$/;

/**
 * Reads the condition from either spelling, `Expected.Name` or `Expected.N.Name`; the live
 * service accepts both but only one condition per request.
 *
 * @returns the condition, or `undefined` when the request has none
 * @example
 * ```ts
 * parseCondition(new Map([["Expected.1.Name", "v"], ["Expected.1.Exists", "false"]]));
 * ```
 * @internal
 */
export function parseCondition(params: ParamMap): Condition | undefined {
  const names: string[] = [];
  const values: string[] = [];
  const exists: string[] = [];
  for (const [key, value] of params) {
    if (!key.startsWith("Expected.")) continue;
    const match = EXPECTED.exec(key);
    if (match === null) continue;
    if (match[2] === "Name") names.push(value);
    else if (match[2] === "Value") values.push(value);
    else exists.push(value);
  }
  if (names.length + values.length + exists.length === 0) return undefined;
  if (names.length > 1)
    throw new SdbError("MultipleExpectedNames", "Only one Expected.Name can be specified");
  if (values.length > 1)
    throw new SdbError("MultipleExpectedValues", "Only one Expected.Value can be specified");
  if (exists.length > 1)
    throw new SdbError("MultipleExistsConditions", "Only one Expected.Exists can be specified");
  const name = names[0];
  if (name === undefined)
    throw new SdbError("MissingParameter", "Expected.Name must be specified with a condition");
  const existsText = exists[0];
  if (existsText !== undefined && existsText !== "true" && existsText !== "false") {
    throw invalidParameter("Expected.Exists", existsText, "The Exists flag should be either true or false.");
  }
  const value = values[0];
  const mustExist = existsText !== "false";
  if (!mustExist && value !== undefined) {
    throw new SdbError(
      "ExistsAndExpectedValue",
      "Expected.Exists=false and Expected.Value cannot be specified together",
    );
  }
  if (mustExist && value === undefined) {
    throw new SdbError(
      "IncompleteExpectedExpression",
      "If Expected.Exists=true or unspecified, then Expected.Value has to be specified",
    );
  }
  return { name, value, exists: mustExist };
}

/**
 * Checks a condition against the item's current (authoritative) pairs.
 *
 * @param missingMeansApply - when true, an expected value on an absent attribute passes; the
 *   ConditionalDelete page says so while the error tables say `AttributeDoesNotExist`
 * @throws SdbError `MultiValuedAttribute` 409, `ConditionalCheckFailed` 409 or `AttributeDoesNotExist` 404
 * @example
 * ```ts
 * checkCondition(item, { name: "v", value: "1", exists: true });
 * ```
 * @internal
 */
export function checkCondition(
  attrs: ItemAttrs | undefined,
  condition: Condition,
  missingMeansApply = false,
): void {
  const values = attrs?.get(condition.name) ?? [];
  if (values.length > 1) {
    throw new SdbError(
      "MultiValuedAttribute",
      `Attribute (${condition.name}) is multi-valued. Conditional check can only be performed on a single-valued attribute`,
    );
  }
  const current = values[0];
  if (!condition.exists) {
    if (current !== undefined) {
      throw new SdbError(
        "ConditionalCheckFailed",
        `Conditional check failed. Attribute (${condition.name}) value exists`,
      );
    }
    return;
  }
  if (current === undefined) {
    if (missingMeansApply) return;
    throw new SdbError("AttributeDoesNotExist", `Attribute (${condition.name}) does not exist`);
  }
  if (current !== condition.value) {
    throw new SdbError(
      "ConditionalCheckFailed",
      `Conditional check failed. Attribute (${condition.name}) value is (${current}) but was expected (${condition.value})`,
    );
  }
}
