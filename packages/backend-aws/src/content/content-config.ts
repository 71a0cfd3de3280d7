import type { S3Client } from "@aws-sdk/client-s3";
import type { Leftover } from "@jobstore/core";

/** Bytes in a mebibyte. */
export const MIB = 1024 * 1024;
/** Default multipart part size. */
export const DEFAULT_PART_SIZE = 50 * MIB;
/** S3's smallest part (but the last). */
export const MIN_PART_SIZE = 5 * MIB;
/** The longest lifetime of a SigV4 presigned URL (7 days). */
export const MAX_PUBLIC_URL_SECONDS = 604_800;
/** The lifecycle rule set at `initialize` aborts multipart uploads left incomplete this many days. */
export const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 1;

/**
 * The settings and state of one S3 content layer, built once per handle and shared by its parts.
 *
 * @internal
 */
export interface ContentConfig {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly region: string;
  readonly partSize: number;
  /** Part buffers per upload. */
  readonly uploadConcurrency: number;
  /** Ranged GETs in flight per large read; 1: one streaming GET. */
  readonly readConcurrency: number;
  readonly encryptionKey: Buffer | undefined;
  /** Multipart uploads this handle failed to abort: reported by `findLeftovers` until removed. */
  readonly unaborted: Map<string, Leftover>;
}

/**
 * `{ abortSignal }` for `client.send`, from our `{ signal }`.
 *
 * @example
 * ```ts
 * await s3.send(command, sendOptions(options));
 * ```
 * @internal
 */
export function sendOptions(options: { signal?: AbortSignal | undefined }): { abortSignal?: AbortSignal } {
  return options.signal ? { abortSignal: options.signal } : {};
}
