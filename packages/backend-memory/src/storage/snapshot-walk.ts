import { throwIfAborted } from "@jobstore/core";

/** What a walk goes over: the keys to visit, and how to look one up (`undefined`: gone, skipped). */
export interface Snapshot<K, T> {
  keys: Iterable<K>;
  lookup(key: K): T | undefined;
}

/**
 * Walks a snapshot of keys taken at the first step (`open` runs then, so a store destroyed before the walk
 * starts rejects that step), looking each key up when its turn comes: nothing is listed twice and
 * deletions during the walk are skipped. A hand-written iterator rather than an async generator: each
 * step is one resolved promise instead of the generator's queue of them.
 */
export function snapshotWalk<K, T>(
  open: () => Snapshot<K, T>,
  signal: AbortSignal | undefined,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      let keys: K[] | undefined;
      let lookup: ((key: K) => T | undefined) | undefined;
      let at = 0;
      const finished = (): Promise<IteratorResult<T>> => {
        keys = [];
        return Promise.resolve({ done: true, value: undefined });
      };
      return {
        next(): Promise<IteratorResult<T>> {
          try {
            throwIfAborted(signal);
            if (!keys) {
              const snapshot = open();
              keys = [...snapshot.keys];
              lookup = snapshot.lookup;
            }
            while (at < keys.length) {
              const value = lookup!(keys[at++] as K);
              if (value !== undefined) return Promise.resolve({ done: false, value });
            }
          } catch (err) {
            keys = [];
            return Promise.reject(err);
          }
          return finished();
        },
        return: finished,
      };
    },
  };
}
