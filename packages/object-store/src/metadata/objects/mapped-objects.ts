import type { CallOptions } from "@jobstore/core";
import { toJobStoreError } from "../../errors.js";
import type { ObjectStore } from "../../object-store.js";

/**
 * The operations of an {@link ObjectStore} the object metadata layer uses, rejecting with
 * {@link @jobstore/core!JobStoreError}s instead of `ObjectStoreError`s.
 *
 * @internal
 */
export type MetadataObjects = Pick<
  ObjectStore,
  "container" | "capabilities" | "dialect" | "describe" | "get" | "head" | "put" | "delete" | "deleteMany"
> & {
  /** As {@link ObjectStore.list}, whole objects' info only. */
  list: ObjectStore["list"];
};

/**
 * `objects` with every failure mapped by `toJobStoreError` (naming the key), so that the metadata layer's
 * code sees the backend's errors only: a lost condition stays a value, never an error.
 *
 * @example
 * ```ts
 * const meta = mappedObjects(objects, "s3");
 * await meta.get("meta/jobs/a", {}); // rejects JOBSTORE_NO_SUCH_STORE when the container is gone
 * ```
 * @internal
 */
export function mappedObjects(objects: ObjectStore, backend: string): MetadataObjects {
  const fail = (what: string) => (err: unknown) => {
    throw toJobStoreError(err, what, backend);
  };
  return {
    get container() {
      return objects.container;
    },
    capabilities: objects.capabilities,
    dialect: objects.dialect,
    describe: () => objects.describe(),
    get: (key, o) => objects.get(key, o).catch(fail(`read ${key}`)),
    head: (key, o) => objects.head(key, o).catch(fail(`read ${key}`)),
    put: (key, body, condition, o) => objects.put(key, body, condition, o).catch(fail(`write ${key}`)),
    delete: (key, o) => objects.delete(key, o).catch(fail(`delete ${key}`)),
    deleteMany: (keys, o) => objects.deleteMany(keys, o).catch(fail(`delete ${keys.length} objects`)),
    async *list(prefix: string, o: CallOptions) {
      try {
        yield* objects.list(prefix, o);
      } catch (err) {
        fail(`list ${prefix}`)(err);
      }
    },
  };
}
