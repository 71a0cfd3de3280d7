import type { JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "../context.js";

type LifecycleMethods = Required<Pick<JobStoreBackend, "create" | "open" | "destroy" | "close">>;

/**
 * The store's lifecycle: the metadata layer's registry creates, opens and destroys the store, given the
 * content layer's container hooks; `close` closes the metadata layer, then the content layer.
 *
 * @throws {@link @jobstore/core!JobStoreError} the layers' codes as `JobStoreBackend` documents them.
 * @example
 * ```ts
 * await lifecycleMethods(ctx).create({});
 * ```
 * @internal
 */
export function lifecycleMethods({ content, metadata }: StoreContext): LifecycleMethods {
  return {
    create: (o) => metadata.create(content.storage, o),
    open: (o) => metadata.open(o),
    destroy: (o) => metadata.destroy(content.storage, o),
    async close() {
      await metadata.close();
      content.close();
    },
  };
}
