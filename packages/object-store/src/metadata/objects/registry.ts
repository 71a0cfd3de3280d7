import { type CallOptions, JobStoreError } from "@jobstore/core";
import type { StorageHooks } from "../metadata-layer.js";
import type { MetadataObjects } from "./mapped-objects.js";
import { META_PREFIX, PROBE_PREFIX, STORE_MARKER_KEY } from "./object-keys.js";
import {
  checkConditionsHonoured,
  decodeMarker,
  encodeMarker,
  MARKER_FORMAT,
  probeConditionalWrites,
  type StoreMarker,
} from "./store-marker.js";

/**
 * The lifecycle half of the object metadata layer.
 *
 * @internal
 */
export interface StoreRegistry {
  create(storage: StorageHooks, options: CallOptions): Promise<StoreMarker>;
  open(options: CallOptions): Promise<StoreMarker>;
  destroy(storage: StorageHooks, options: CallOptions): Promise<void>;
}

/**
 * The registry of an object store is one object in its container, `meta/store.json`: the store exists
 * exactly while it does, so `open`, `create` and `destroy` are each decided by one strongly consistent
 * read or conditional write of it (the contract's read-after-write consistency).
 *
 * @remarks
 * - `create`: HeadObject of the marker (present: `JOBSTORE_EXISTS`), `storage.create` (the container), one
 *   listing of `meta/` (metadata there without a marker is the rest of a destroy that did not finish:
 *   `JOBSTORE_EXISTS`, asking for `destroy`), the conditional-write probe, then the marker with
 *   `If-None-Match: *` (412: another `initialize` won, `JOBSTORE_EXISTS`). A crash before the marker leaves
 *   a container that `open` refuses and `destroy` removes.
 * - `open`: GetObject of the marker, then two writes of it that must fail (see
 *   {@link checkConditionsHonoured}), so a server (or a proxy) that drops conditions is refused.
 * - `destroy`: DeleteObject of the marker first (from then on `open` refuses), then `storage.destroy`.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_EXISTS`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_NOT_SUPPORTED`
 * (conditions not honoured, naming the endpoint), `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const registry = createStoreRegistry(objects, "s3");
 * const marker = await registry.open({});
 * ```
 * @internal
 */
export function createStoreRegistry(objects: MetadataObjects, backend: string): StoreRegistry {
  const where = () => objects.describe();

  async function exists(why: string): Promise<JobStoreError> {
    return new JobStoreError("JOBSTORE_EXISTS", `the ${backend}: store in ${await where()} ${why}`, {
      backend,
    });
  }

  /** Switches the adapter to the marker's dialect setting; a pinned adapter (one candidate) keeps its own. */
  function adopt(marker: StoreMarker, whereText: string): StoreMarker {
    const { dialect } = objects;
    if (!dialect || marker.ifMatch === undefined) return marker;
    if (dialect.candidates.length === 1) return { ...marker, ifMatch: dialect.current() };
    if (!dialect.candidates.includes(marker.ifMatch)) {
      throw new JobStoreError(
        "JOBSTORE_NOT_SUPPORTED",
        `the store marker of ${whereText} names the condition form ${JSON.stringify(marker.ifMatch)}, which this adapter lacks`,
        { backend },
      );
    }
    dialect.use(marker.ifMatch);
    return marker;
  }

  async function leftovers(options: CallOptions): Promise<boolean> {
    for await (const page of objects.list(META_PREFIX, options)) {
      return page.some(({ key }) => !key.startsWith(PROBE_PREFIX) && key !== STORE_MARKER_KEY);
    }
    return false;
  }

  return {
    async create(storage, options) {
      if ((await objects.head(STORE_MARKER_KEY, options)) !== undefined) throw await exists("exists already");
      await storage.create(options);
      if (await leftovers(options)) {
        throw await exists("holds the metadata of a store whose destroy did not finish: run destroy first");
      }
      const marker: StoreMarker = {
        format: MARKER_FORMAT,
        ...(await probeConditionalWrites(objects, backend, options)),
      };
      const out = await objects.put(STORE_MARKER_KEY, encodeMarker(marker), { ifNoneMatch: "*" }, options);
      if (!out.written && !out.uncertain) throw await exists("was created concurrently by another handle");
      return marker;
    },

    async open(options) {
      const object = await objects.get(STORE_MARKER_KEY, options);
      if (!object) {
        throw new JobStoreError(
          "JOBSTORE_NO_SUCH_STORE",
          `there is no ${backend}: store in ${await where()}`,
          {
            backend,
          },
        );
      }
      const whereText = await where();
      const marker = adopt(decodeMarker(object.body, whereText, backend), whereText);
      await checkConditionsHonoured(objects, backend, object.body, options);
      return marker;
    },

    async destroy(storage, options) {
      await objects.delete(STORE_MARKER_KEY, options);
      await storage.destroy(options);
    },
  };
}
