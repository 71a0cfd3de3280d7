/**
 * Every item of an async iterable, in order: what `findLeftovers()`, `jobs()` or a listing yields.
 *
 * @example
 * ```ts
 * import { collect } from "@jobstore/conformance/test-utils";
 *
 * const leftovers = await collect(store.findLeftovers());
 * ```
 * @public
 */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
