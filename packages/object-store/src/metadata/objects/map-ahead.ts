/**
 * Maps `source` through `fn` with up to `limit` calls in flight, yielding results in source order: the
 * listing-then-GET walks (`jobs()`, record listings) pay one round trip per `limit` objects, not per object.
 *
 * @remarks A consumer that stops early leaves at most `limit` calls running; their results (and errors)
 * are dropped.
 * @throws whatever `source` or `fn` throws, when its turn comes.
 * @example
 * ```ts
 * for await (const job of mapAhead(keys, 8, (key) => objects.get(key, options))) use(job);
 * ```
 * @internal
 */
export async function* mapAhead<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  limit: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const queue: Promise<R>[] = [];
  const start = (item: T) => {
    const pending = fn(item);
    // Errors are rethrown when the consumer reaches them; until then they must not count as unhandled.
    pending.catch(() => undefined);
    queue.push(pending);
  };
  for await (const item of source) {
    start(item);
    if (queue.length >= limit) yield await queue.shift()!;
  }
  while (queue.length > 0) yield await queue.shift()!;
}
