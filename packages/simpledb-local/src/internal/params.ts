import { invalidParameter, missingParameter, SdbError } from "./errors.js";

/**
 * Request parameters after form/query decoding. Later duplicates win, as in a plain map.
 * @example
 * ```ts
 * const params: ParamMap = decodeForm("Action=ListDomains");
 * ```
 * @internal
 */
export type ParamMap = ReadonlyMap<string, string>;

/**
 * Groups flattened list members (`Prefix.N.Field…`) by their index token `N`.
 *
 * @remarks Indices need not start at 1 or be contiguous (the live service accepts 0 and gaps),
 * so grouping is by the literal integer and results come back in numeric order.
 * @example
 * ```ts
 * // Attribute.1.Name=a&Attribute.1.Value=b → [[1, Map { Name → a, Value → b }]]
 * groupIndexed(params, "Attribute.");
 * ```
 * @internal
 */
export function groupIndexed(
  params: Iterable<readonly [string, string]>,
  prefix: string,
): Map<string, string>[] {
  const groups = new Map<number, Map<string, string>>();
  for (const [key, value] of params) {
    if (!key.startsWith(prefix)) continue;
    const dot = key.indexOf(".", prefix.length);
    if (dot < 0) continue;
    const indexText = key.slice(prefix.length, dot);
    if (!/^\d+$/.test(indexText)) continue;
    const index = Number(indexText);
    let group = groups.get(index);
    if (group === undefined) {
      group = new Map();
      groups.set(index, group);
    }
    group.set(key.slice(dot + 1), value);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}

/**
 * A required parameter; absent → `MissingParameter`.
 *
 * @example
 * ```ts
 * const domain = requireParam(params, "DomainName");
 * ```
 * @internal
 */
export function requireParam(params: ParamMap, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

/**
 * An optional `true`/`false` parameter; anything else → `InvalidParameterValue`.
 *
 * @example
 * ```ts
 * parseBoolean(params.get("ConsistentRead"), "ConsistentRead", false);
 * ```
 * @internal
 */
export function parseBoolean(value: string | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === "true") return true;
  if (value === "false") return false;
  throw invalidParameter(name, value, `The ${name} flag should be either true or false.`);
}

/**
 * Checks the UTF-8 byte length of a name or value against the 1024-byte limit.
 *
 * @example
 * ```ts
 * checkLength("x".repeat(2000), "Value", 1024); // throws InvalidParameterValue
 * ```
 * @internal
 */
export function checkLength(text: string, name: string, maxBytes: number): void {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so short strings skip the byte count entirely.
  if (text.length * 3 <= maxBytes) return;
  if (Buffer.byteLength(text, "utf8") > maxBytes) {
    throw invalidParameter(name, truncate(text), `Value exceeds maximum length of ${maxBytes}.`);
  }
}

/**
 * Validates an attribute name: non-empty and within the byte limit.
 *
 * @example
 * ```ts
 * checkAttributeName("", 1024); // throws InvalidParameterValue
 * ```
 * @internal
 */
export function checkAttributeName(name: string, maxBytes: number): void {
  if (name === "")
    throw new SdbError("InvalidParameterValue", "The empty string is an illegal attribute name");
  checkLength(name, "Name", maxBytes);
}

/**
 * Validates an item name: non-empty and within the byte limit.
 *
 * @example
 * ```ts
 * checkItemName("job-1", 1024);
 * ```
 * @internal
 */
export function checkItemName(name: string, maxBytes: number): void {
  if (name === "") throw invalidParameter("ItemName", name, "The empty string is an illegal item name.");
  checkLength(name, "ItemName", maxBytes);
}

const DOMAIN_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

/**
 * Validates a domain name: 3–255 characters of `a-z A-Z 0-9 _ - .`.
 *
 * @example
 * ```ts
 * checkDomainName("jobs"); // ok
 * ```
 * @internal
 */
export function checkDomainName(name: string): void {
  if (!DOMAIN_NAME.test(name)) throw invalidParameter("DomainName", truncate(name));
}

function truncate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

/**
 * Values of flattened scalar list members (`Prefix.N`), in numeric index order.
 *
 * @example
 * ```ts
 * // AttributeName.1=a&AttributeName.2=b → ["a", "b"]
 * groupIndexedValues(params, "AttributeName.");
 * ```
 * @internal
 */
export function groupIndexedValues(params: ParamMap, prefix: string): string[] {
  const found: [number, string][] = [];
  for (const [key, value] of params) {
    if (!key.startsWith(prefix)) continue;
    const indexText = key.slice(prefix.length);
    if (/^\d+$/.test(indexText)) found.push([Number(indexText), value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
}
