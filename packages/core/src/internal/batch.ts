import { AsyncLocalStorage } from "node:async_hooks";
import type { CallOptions, StoredJob } from "../types.js";
import { rethrown } from "./guard.js";
import { enter, opts, type StoreContext } from "./store-context.js";
import { requireCallback } from "./validate.js";

/** The jobs deferred by one `batch()` call; `collecting` turns false once its callback has settled. */
interface PendingBatch {
  readonly ctx: StoreContext;
  readonly jobs: StoredJob[];
  collecting: boolean;
}

// Scoped to the batch callback's async context, so concurrent calls outside it are never swallowed
// into the batch, and a failed batch leaves nothing behind (Toil's `_batchedUpdates` bug).
const batchScope = new AsyncLocalStorage<PendingBatch>();

/**
 * The batch collecting `ctx`'s creates in the current async context, if any. A create made after its
 * batch settled (a timer started inside the callback) gets none: it is written at once, not pushed onto
 * a list nobody will flush.
 */
export function pendingBatchOf(ctx: StoreContext): PendingBatch | undefined {
  const pending = batchScope.getStore();
  return pending?.collecting && pending.ctx === ctx ? pending : undefined;
}

/** `batch(fn)` for one handle: runs `fn`, then writes the creates it made with one `createJobs` call. */
export function createBatch(ctx: StoreContext) {
  return async function batch<T>(fn: () => Promise<T> | T, options?: CallOptions): Promise<T> {
    enter(ctx, "batch", options);
    requireCallback("batch", fn);
    const pending: PendingBatch = { ctx, jobs: [], collecting: true };
    let result: T;
    try {
      result = await batchScope.run(pending, fn);
    } finally {
      pending.collecting = false;
    }
    if (pending.jobs.length > 0) {
      // Checked again: the store may have been closed, or the signal aborted, while `fn` ran.
      const signal = enter(ctx, "batch", options);
      try {
        // Only a backend with `capabilities.batchCreate`, hence `createJobs`, defers creates.
        await ctx.backend.createJobs!(pending.jobs, opts(signal));
      } catch (err) {
        throw rethrown(err, ctx.backend.name, "batch", signal);
      }
    }
    return result;
  };
}
