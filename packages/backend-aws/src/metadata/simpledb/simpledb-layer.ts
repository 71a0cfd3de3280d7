import { SimpleDbClient, type SimpleDbClientConfig } from "@jobstore/client-simpledb";
import type { ContentLayer, MetadataLayer, MetadataLimits } from "@jobstore/object-store";
import type { AwsResourceNames } from "../../names.js";
import { FILE_PREFIX_BYTES, SHARED_PREFIX_BYTES } from "./item-names.js";
import { CHUNK_RAW_BYTES, OVERLARGE_THRESHOLD } from "./job-items.js";
import { createJobStore } from "./jobs.js";
import { INLINE_LIMIT } from "./record-items.js";
import { BATCH_ITEMS, createRecordStore } from "./records.js";
import { createRegistry } from "./registry.js";
import { SIMPLEDB_MAX_BYTES, type SimpleDbConfig } from "./simpledb-config.js";

/**
 * The SimpleDB metadata layer's limits: every name is an item name or attribute value of at most
 * SimpleDB's 1,024 bytes, less the prefix the item name adds.
 *
 * @public
 */
export const SIMPLEDB_LIMITS: MetadataLimits = Object.freeze({
  inlineContentBytes: INLINE_LIMIT,
  maxIdBytes: SIMPLEDB_MAX_BYTES - FILE_PREFIX_BYTES,
  maxSharedNameBytes: SIMPLEDB_MAX_BYTES - SHARED_PREFIX_BYTES,
  jobChunkSize: CHUNK_RAW_BYTES,
  overlargeJobThreshold: OVERLARGE_THRESHOLD,
  deleteBatchSize: BATCH_ITEMS,
});

/**
 * Options of {@link createSimpleDbMetadataLayer}.
 *
 * @public
 */
export interface SimpleDbMetadataOptions {
  /** The store's region (SimpleDB endpoint and messages). */
  region: string;
  /** The store's resource names (domains `<prefix>--jobs`, `<prefix>--files`). */
  names: AwsResourceNames;
  /** A ready client or its config; default one built from the region and `AWS_ENDPOINT_URL_SIMPLEDB`. */
  simpleDb?: SimpleDbClient | SimpleDbClientConfig | undefined;
  /** The account-wide registry domain (default `jobstore-registry`). */
  registryDomain?: string | undefined;
  /** Where overlarge jobs are stored (the content layer). */
  blobs: Pick<ContentLayer, "putBlob" | "getBlob" | "deleteBlob">;
}

/**
 * Builds the SimpleDB metadata layer (the `aws:` scheme's): Toil's layout, a registry domain, a jobs
 * domain and a files domain.
 *
 * @example
 * ```ts
 * const metadata = createSimpleDbMetadataLayer({ region, names: resourceNames("my-run"), blobs: content });
 * ```
 * @public
 */
export function createSimpleDbMetadataLayer(options: SimpleDbMetadataOptions): MetadataLayer {
  const given = options.simpleDb instanceof SimpleDbClient ? options.simpleDb : undefined;
  const cfg: SimpleDbConfig = {
    sdb:
      given ??
      new SimpleDbClient({
        region: options.region,
        ...(options.simpleDb as SimpleDbClientConfig | undefined),
      }),
    names: options.names,
    registryDomain: options.registryDomain ?? "jobstore-registry",
    region: options.region,
    blobs: options.blobs,
  };
  const jobs = createJobStore(cfg);
  const registry = createRegistry(cfg);
  return {
    name: "simpledb",
    limits: SIMPLEDB_LIMITS,
    ...registry,
    async destroy(storage, o) {
      jobs.forget();
      await registry.destroy(storage, o);
    },
    async close() {
      if (!given) cfg.sdb.destroy();
    },
    ...jobs,
    ...createRecordStore(cfg),
  };
}
