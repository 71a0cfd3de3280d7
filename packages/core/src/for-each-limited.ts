/**
 * Runs `fn` over `items` with at most `limit` calls in flight, for backends and tools that fan requests
 * out (bulk puts, deletes, copies) without flooding a server or a disk.
 *
 * Obligations: no new call starts after the first failure, and the returned promise settles only once
 * every started call has settled, so nothing the caller started still runs when it sees the error (a
 * cleanup that follows cannot race a straggler). The first failure is the one rethrown.
 *
 * @param limit - at most this many calls at once; values below 1 count as 1.
 * @throws whatever the first failing call threw.
 * @example
 * ```ts
 * await forEachLimited(jobs, 8, (job) => putJob(job, options));
 * ```
 * @public
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.min(Math.max(1, Math.floor(limit) || 1), items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure) throw failure.error;
}
