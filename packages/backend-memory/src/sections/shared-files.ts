import { destroyOnAbort, type JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { memoryError } from "../errors.js";
import {
  commitContent,
  openContent,
  removeQuietly,
  requireSameStore,
  stageContent,
} from "../storage/content.js";
import { requireShared } from "../storage/file-records.js";
import { requireStore } from "../storage/store-registry.js";

type SharedFileMethods = Pick<JobStoreBackend, "writeSharedFile" | "readSharedFile">;

/** The shared-file half of the memory backend: named files outside any job. */
export function sharedFileMethods(ctx: StoreContext): SharedFileMethods {
  return {
    async writeSharedFile(name, source, encrypted, options) {
      const store = requireStore(ctx.storeName);
      if (encrypted && !ctx.key) {
        source.destroy();
        throw memoryError(
          "JOBSTORE_ENCRYPTION",
          `shared file ${name}: encryption asked for but no key is configured`,
        );
      }
      const staged = await stageContent(store, source, encrypted ? ctx.key : undefined, options.signal);
      requireSameStore(ctx, store, staged);
      // Last writer wins, as on AWS: shared files are replaced whole, never updated in place.
      const previous = store.shared.get(name);
      store.shared.set(name, commitContent(store, staged));
      if (previous) removeQuietly(store, previous.path);
    },

    async readSharedFile(name, options) {
      const store = requireStore(ctx.storeName);
      const record = requireShared(store, name);
      return destroyOnAbort(openContent(record, ctx.key, `shared file ${name}`), options.signal);
    },
  };
}
