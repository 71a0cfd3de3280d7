import type { JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { removeCopies } from "../storage/public-copies.js";
import { createStore, removeStore, requireStore } from "../storage/store-registry.js";

type LifecycleMethods = Pick<JobStoreBackend, "create" | "open" | "destroy" | "close">;

/**
 * The lifecycle half of the memory backend: a store lives in the process-wide registry under its name,
 * so `create` and `destroy` act on every handle of that name, and `close` on none.
 */
export function lifecycleMethods(ctx: StoreContext): LifecycleMethods {
  return {
    async create() {
      createStore(ctx.storeName);
    },

    async open() {
      requireStore(ctx.storeName);
    },

    async destroy() {
      const store = removeStore(ctx.storeName);
      if (!store) return;
      // Readers that still hold a stream keep their descriptor; everything else is let go now.
      store.jobs.clear();
      store.files.clear();
      store.shared.clear();
      store.logs.read.length = 0;
      store.logs.unread.length = 0;
      await removeCopies(store);
    },

    async close() {
      // Nothing to release: the store belongs to the process, not to this handle.
    },
  };
}
