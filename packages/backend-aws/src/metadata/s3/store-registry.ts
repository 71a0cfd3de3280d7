import type { S3Client } from "@aws-sdk/client-s3";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { BACKEND_NAME } from "../../map-error.js";
import type { StorageHooks } from "../metadata-layer.js";
import type { IfMatchStyle, ObjectStore } from "./conditional-object.js";
import { META_PREFIX, PROBE_PREFIX, STORE_MARKER_KEY } from "./object-keys.js";
import {
  checkConditionsHonoured,
  decodeMarker,
  describeEndpoint,
  encodeMarker,
  MARKER_FORMAT,
  probeConditionalWrites,
  type StoreMarker,
} from "./store-marker.js";

/**
 * The lifecycle half of the `s3:` metadata layer.
 *
 * @internal
 */
export interface StoreRegistry {
  create(storage: StorageHooks, options: CallOptions): Promise<StoreMarker>;
  open(options: CallOptions): Promise<StoreMarker>;
  destroy(storage: StorageHooks, options: CallOptions): Promise<void>;
}

/**
 * The registry of an `s3:` store is one object in its bucket, `meta/store.json`: the store exists
 * exactly while it does, so `open`, `create` and `destroy` are each decided by one strongly consistent
 * read or conditional write of it (S3 is read-after-write consistent).
 *
 * @remarks
 * - `create`: HeadObject of the marker (present: `JOBSTORE_EXISTS`), `storage.create` (the bucket), one
 *   listing of `meta/` (metadata there without a marker is the rest of a destroy that did not finish:
 *   `JOBSTORE_EXISTS`, asking for `destroy`), the conditional-write probe, then the marker with
 *   `If-None-Match: *` (412: another `initialize` won, `JOBSTORE_EXISTS`). A crash before the marker leaves
 *   a bucket that `open` refuses and `destroy` removes.
 * - `open`: GetObject of the marker, then two writes of it that must fail (see
 *   {@link checkConditionsHonoured}), so a server (or a proxy) that drops conditions is refused.
 * - `destroy`: DeleteObject of the marker first (from then on `open` refuses), then `storage.destroy`.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_EXISTS`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_NOT_SUPPORTED`
 * (conditions not honoured, naming the endpoint), `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const registry = createStoreRegistry(objects, s3, undefined);
 * const marker = await registry.open({});
 * ```
 * @internal
 */
export function createStoreRegistry(
  objects: ObjectStore,
  s3: S3Client,
  ifMatch: IfMatchStyle | undefined,
): StoreRegistry {
  const where = () => describeEndpoint(s3, objects.bucket);

  async function exists(why: string): Promise<JobStoreError> {
    return new JobStoreError("JOBSTORE_EXISTS", `the s3: store in ${await where()} ${why}`, {
      backend: BACKEND_NAME,
    });
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
        ...(await probeConditionalWrites(objects, s3, ifMatch, options)),
      };
      const out = await objects.put(STORE_MARKER_KEY, encodeMarker(marker), { ifNoneMatch: "*" }, options);
      if (!out.written && !out.uncertain) throw await exists("was created concurrently by another handle");
      return marker;
    },

    async open(options) {
      const object = await objects.get(STORE_MARKER_KEY, options);
      if (!object) {
        throw new JobStoreError("JOBSTORE_NO_SUCH_STORE", `there is no s3: store in ${await where()}`, {
          backend: BACKEND_NAME,
        });
      }
      const marker = decodeMarker(object.body, await where());
      await checkConditionsHonoured(objects, s3, object.body, options);
      return ifMatch === undefined ? marker : { ...marker, ifMatch };
    },

    async destroy(storage, options) {
      await objects.remove(STORE_MARKER_KEY, options);
      await storage.destroy(options);
    },
  };
}
