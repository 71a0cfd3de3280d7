import { destroyOnAbort, type JobStoreBackend } from "@jobstore/core";
import { commitContent, openContent, removeQuietly, stageContent } from "./content.js";
import { requireSameStore } from "./file-methods.js";
import { type Handle, memoryError } from "./handle.js";
import { publishCopy } from "./public-urls.js";
import { type ContentRecord, requireStore, type StoreState } from "./store-registry.js";

type SharedFileMethods = Pick<JobStoreBackend, "writeSharedFile" | "readSharedFile" | "getSharedPublicUrl">;

/** The shared-file half of the memory backend: named files outside any job. */
export function sharedFileMethods(handle: Handle): SharedFileMethods {
  function requireShared(store: StoreState, name: string): ContentRecord {
    const record = store.shared.get(name);
    if (!record)
      throw memoryError("JOBSTORE_NO_SUCH_FILE", `shared file ${JSON.stringify(name)} does not exist`);
    return record;
  }

  return {
    async writeSharedFile(name, source, encrypted, options) {
      const store = requireStore(handle.storeName);
      if (encrypted && !handle.key) {
        source.destroy();
        throw memoryError(
          "JOBSTORE_ENCRYPTION",
          `shared file ${name}: encryption asked for but no key is configured`,
        );
      }
      const staged = await stageContent(store, source, encrypted ? handle.key : undefined, options.signal);
      requireSameStore(handle, store, staged);
      // Last writer wins, as on AWS: shared files are replaced whole, never updated in place.
      const previous = store.shared.get(name);
      store.shared.set(name, commitContent(store, staged));
      if (previous) removeQuietly(store, previous.path);
    },

    async readSharedFile(name, options) {
      const store = requireStore(handle.storeName);
      const record = requireShared(store, name);
      return destroyOnAbort(openContent(record, handle.key, `shared file ${name}`), options.signal);
    },

    async getSharedPublicUrl(name, _expiresInSeconds, options) {
      const store = requireStore(handle.storeName);
      const record = requireShared(store, name);
      if (record.encrypted) {
        throw memoryError("JOBSTORE_ENCRYPTION", `shared file ${name} is encrypted: no public URL`);
      }
      const stream = openContent(record, handle.key, `shared file ${name}`);
      return publishCopy(store, destroyOnAbort(stream, options.signal), name);
    },
  };
}
