import type { Leftover } from "@jobstore/core";
import type { ObjectStore } from "../object-store.js";

/** Bytes in a mebibyte. */
export const MIB = 1024 * 1024;
/** Default multipart part size. */
export const DEFAULT_PART_SIZE = 50 * MIB;

/**
 * The settings and state of one content layer, built once per handle and shared by its parts.
 *
 * @internal
 */
export interface ContentConfig {
  readonly objects: ObjectStore;
  /** The backend's name in errors. */
  readonly backend: string;
  readonly partSize: number;
  /** Part buffers per upload. */
  readonly uploadConcurrency: number;
  /** Ranged GETs in flight per large read; 1: one streaming GET. */
  readonly readConcurrency: number;
  readonly encryptionKey: Buffer | undefined;
  /** Multipart uploads this handle failed to abort: reported by `findLeftovers` until removed. */
  readonly unaborted: Map<string, Leftover>;
}
