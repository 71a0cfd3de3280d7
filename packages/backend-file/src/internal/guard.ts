import type { JobStoreBackend } from "@jobstore/core";
import { storageError } from "./errors.js";
import { maybeYield } from "./yield.js";

/** Resolves to `value`, after letting the event loop run if this thread has kept it waiting. */
function afterYield<T>(value: T): T | Promise<T> {
  const pause = maybeYield();
  return pause ? pause.then(() => value) : value;
}

function guardIterable<T>(iterable: AsyncIterable<T>, what: string): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = iterable[Symbol.asyncIterator]();
      return {
        next: () =>
          iterator.next().then(afterYield, (err: unknown) => {
            throw storageError(err, what);
          }),
        return: async (value?: unknown) =>
          (await iterator.return?.(value)) ?? { done: true, value: undefined },
      };
    },
  };
}

/**
 * Wraps every method of a backend so that a file system failure comes out as a coded
 * {@link @jobstore/core!JobStoreError} (see {@link storageError}) instead of a bare `ENOSPC`.
 */
export function guardBackend(backend: JobStoreBackend): JobStoreBackend {
  const guarded: Record<string, unknown> = { ...backend };
  for (const [name, value] of Object.entries(backend)) {
    if (typeof value !== "function") continue;
    const method = value as (...args: unknown[]) => unknown;
    guarded[name] = (...args: unknown[]) => {
      const result = method(...args);
      if (result instanceof Promise) {
        return result.then(afterYield, (err: unknown) => {
          throw storageError(err, name);
        });
      }
      if (result !== null && typeof result === "object" && Symbol.asyncIterator in result) {
        return guardIterable(result as AsyncIterable<unknown>, name);
      }
      return result;
    };
  }
  return guarded as unknown as JobStoreBackend;
}
