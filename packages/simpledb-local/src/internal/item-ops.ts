/**
 * The attribute pairs of one item: name → distinct values in insertion order.
 *
 * @remarks Treated as immutable once stored, so a stale-read history can share it safely.
 * @example
 * ```ts
 * const item: ItemAttrs = new Map([["tag", ["a", "b"]]]);
 * ```
 * @internal
 */
export type ItemAttrs = ReadonlyMap<string, readonly string[]>;

/**
 * One `Attribute.N.*` entry of a put.
 * @example
 * ```ts
 * const pair: PutPair = { name: "state", value: "done", replace: true };
 * ```
 * @internal
 */
export interface PutPair {
  name: string;
  value: string;
  replace: boolean;
}

/**
 * One `Attribute.N.*` entry of a delete; no value means "every value of that name".
 * @example
 * ```ts
 * const allValues: DeletePair = { name: "tag" };
 * ```
 * @internal
 */
export interface DeletePair {
  name: string;
  value?: string | undefined;
}

/**
 * Applies a put to an item, returning a new map (the input is not touched).
 *
 * @remarks `Replace=true` clears a name once per request and then adds every submitted value,
 * so several Replace entries for one name leave all of them (moto keeps only the last one,
 * which is a bug). Re-putting an existing pair is a no-op.
 * @example
 * ```ts
 * applyPut(undefined, [{ name: "a", value: "1", replace: false }]); // Map { a → ["1"] }
 * ```
 * @internal
 */
export function applyPut(old: ItemAttrs | undefined, pairs: readonly PutPair[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  if (old !== undefined) for (const [name, values] of old) next.set(name, values as string[]);
  const copied = new Set<string>();
  for (const pair of pairs) {
    if (pair.replace && !copied.has(pair.name)) {
      next.set(pair.name, []);
      copied.add(pair.name);
    }
  }
  for (const { name, value } of pairs) {
    let values = next.get(name);
    if (values === undefined) {
      values = [];
      next.set(name, values);
      copied.add(name);
    } else if (!copied.has(name)) {
      // Copy on first write so the previous version (maybe kept for stale reads) stays intact.
      values = [...values];
      next.set(name, values);
      copied.add(name);
    }
    if (!values.includes(value)) values.push(value);
  }
  for (const [name, values] of next) if (values.length === 0) next.delete(name);
  return next;
}

/**
 * Applies a delete to an item. An empty pair list deletes the whole item.
 *
 * @returns the remaining pairs, or `undefined` when none are left (the item no longer exists)
 * @example
 * ```ts
 * applyDelete(item, [{ name: "a", value: "1" }]);
 * ```
 * @internal
 */
export function applyDelete(old: ItemAttrs | undefined, pairs: readonly DeletePair[]): ItemAttrs | undefined {
  if (old === undefined || pairs.length === 0) return undefined;
  const next = new Map(old);
  for (const { name, value } of pairs) {
    const values = next.get(name);
    if (values === undefined) continue;
    if (value === undefined) {
      next.delete(name);
      continue;
    }
    const kept = values.filter((v) => v !== value);
    if (kept.length === 0) next.delete(name);
    else next.set(name, kept);
  }
  return next.size === 0 ? undefined : next;
}

/**
 * Number of name-value pairs in an item.
 *
 * @example
 * ```ts
 * countPairs(new Map([["a", ["1", "2"]]])); // 2
 * ```
 * @internal
 */
export function countPairs(attrs: ItemAttrs | undefined): number {
  if (attrs === undefined) return 0;
  let n = 0;
  for (const values of attrs.values()) n += values.length;
  return n;
}

/**
 * UTF-8 bytes an item contributes to its domain's size: its name plus every name and value.
 *
 * @example
 * ```ts
 * itemBytes("i", new Map([["a", ["1"]]])); // 3
 * ```
 * @internal
 */
export function itemBytes(itemName: string, attrs: ItemAttrs | undefined): number {
  if (attrs === undefined) return 0;
  let bytes = Buffer.byteLength(itemName);
  for (const [name, values] of attrs) {
    const nameBytes = Buffer.byteLength(name);
    for (const value of values) bytes += nameBytes + Buffer.byteLength(value);
  }
  return bytes;
}
