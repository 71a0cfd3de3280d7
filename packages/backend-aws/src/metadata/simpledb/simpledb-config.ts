import type { SimpleDbClient } from "@jobstore/client-simpledb";
import type { ContentLayer } from "@jobstore/object-store";
import type { AwsResourceNames } from "../../names.js";

/** SimpleDB's limit on item names, attribute names and attribute values, in UTF-8 bytes. */
export const SIMPLEDB_MAX_BYTES = 1024;

/**
 * The settings of one SimpleDB metadata layer, built once per handle and shared by its parts.
 *
 * @internal
 */
export interface SimpleDbConfig {
  readonly sdb: SimpleDbClient;
  readonly names: AwsResourceNames;
  readonly registryDomain: string;
  /** For messages: the store's region. */
  readonly region: string;
  /** Where overlarge jobs go. */
  readonly blobs: Pick<ContentLayer, "putBlob" | "getBlob" | "deleteBlob">;
}
