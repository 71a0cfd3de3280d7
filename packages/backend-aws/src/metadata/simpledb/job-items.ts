import type { ReplaceableAttribute } from "@jobstore/client-simpledb";
import type { ItemAttributes } from "./items.js";

/** Raw bytes per chunk attribute: 768 bytes base64-encode to SimpleDB's 1024-character value limit. */
export const CHUNK_RAW_BYTES = 768;
/** 256 pairs per item, less `numChunks` and `overlargeID`. */
export const MAX_CHUNKS = 254;
/** Encoded jobs above this many bytes spill to S3 (Toil's 254 × 768 − 1). */
export const OVERLARGE_THRESHOLD = MAX_CHUNKS * CHUNK_RAW_BYTES - 1;

export const NUM_CHUNKS = "numChunks";
export const OVERLARGE_ID = "overlargeID";

/** Where a stored job's bytes are: how many chunk attributes, or which S3 object. */
export interface JobLayout {
  numChunks: number;
  /** The S3 key of an overlarge job, or "" when it is stored in chunks. */
  overlargeKey: string;
}

export function chunkName(index: number): string {
  return String(index).padStart(3, "0");
}

/** The attributes that store `bytes` in chunks (or point at `overlargeKey`), all in Replace mode. */
export function jobAttributes(bytes: Buffer | undefined, overlargeKey: string): ReplaceableAttribute[] {
  const attributes: ReplaceableAttribute[] = [];
  let numChunks = 0;
  if (bytes) {
    for (let offset = 0; offset < bytes.length; offset += CHUNK_RAW_BYTES) {
      const value = bytes.subarray(offset, offset + CHUNK_RAW_BYTES).toString("base64");
      attributes.push({ Name: chunkName(numChunks++), Value: value, Replace: true });
    }
  }
  attributes.push({ Name: NUM_CHUNKS, Value: String(numChunks), Replace: true });
  attributes.push({ Name: OVERLARGE_ID, Value: overlargeKey, Replace: true });
  return attributes;
}

/** Reads the layout recorded in an item; undefined when the item holds no job. */
export function readLayout(item: ItemAttributes): JobLayout | undefined {
  const count = item.get(NUM_CHUNKS)?.[0];
  if (count === undefined) return undefined;
  return { numChunks: Number.parseInt(count, 10), overlargeKey: item.get(OVERLARGE_ID)?.[0] ?? "" };
}

/**
 * The chunked bytes of an item. Only the first `numChunks` chunks count: residual chunks of a job that
 * shrank are never decoded as data (a Toil bug).
 */
export function chunkedBytes(item: ItemAttributes, layout: JobLayout): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < layout.numChunks; i++) {
    const value = item.get(chunkName(i))?.[0];
    if (value === undefined) throw new Error(`chunk ${chunkName(i)} of ${layout.numChunks} is missing`);
    parts.push(Buffer.from(value, "base64"));
  }
  return Buffer.concat(parts);
}

/** Names of chunk attributes a job of `newChunks` chunks leaves behind when it had `oldChunks`. */
export function residualChunks(oldChunks: number, newChunks: number): string[] {
  const names: string[] = [];
  for (let i = newChunks; i < oldChunks; i++) names.push(chunkName(i));
  return names;
}

/** The byte size SimpleDB counts for a batch item (names and values). */
export function itemBytes(itemName: string, attributes: readonly ReplaceableAttribute[]): number {
  let total = Buffer.byteLength(itemName);
  for (const { Name, Value } of attributes) total += Buffer.byteLength(Name) + Buffer.byteLength(Value);
  return total;
}
