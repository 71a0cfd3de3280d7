import type { SimpleDbClient, SimpleDbClientConfig } from "@jobstore/client-simpledb";
import type { S3Client } from "./s3-object-store/index.js";

/**
 * Options of {@link createAwsBackend}.
 *
 * @public
 */
export interface AwsBackendOptions {
  /** The AWS region of the bucket and the SimpleDB domains, e.g. `"us-west-2"`. */
  region: string;
  /**
   * Names every resource: domains `<prefix>--jobs` and `<prefix>--files`, bucket `<prefix>--files`.
   * `^[a-z0-9][a-z0-9-]+[a-z0-9]$`, no `--`, at most 51 characters.
   */
  namePrefix: string;
  /**
   * A ready S3 client. Default: one built from the standard AWS configuration (region, credential chain,
   * `AWS_ENDPOINT_URL_S3`), path-style when an endpoint is set. Pass one with
   * `requestChecksumCalculation: "WHEN_REQUIRED"` for S3-compatible servers such as radosgw.
   */
  s3?: S3Client;
  /** A ready SimpleDB client, or its config. Default: built from the region and `AWS_ENDPOINT_URL_SIMPLEDB`. */
  simpleDb?: SimpleDbClient | SimpleDbClientConfig;
  /** Multipart part size in bytes; default 50 MiB, minimum 5 MiB. Content below one part is a single PutObject. */
  partSize?: number;
  /** A 32-byte key: file contents (S3 and inline) are encrypted client-side with AES-256-GCM. */
  encryptionKey?: Uint8Array;
  /** The account-wide SimpleDB domain recording which stores exist (default `jobstore-registry`). */
  registryDomain?: string;
  /** Parallel part uploads per file; default as many as keep buffered parts within 64 MiB (at least 1), which keeps a
   * process streaming a 50 MiB-part file under 200 MB of RSS. */
  uploadConcurrency?: number;
  /**
   * Ranged GETs (8 MiB each) in flight when reading content of 16 MiB or more; default 1 (one streaming
   * GET). Worth raising where S3 is far away; on a local radosgw one stream is as fast.
   */
  readConcurrency?: number;
  /**
   * How old (in ms) a multipart upload or an unreferenced content object must be before `findLeftovers`
   * reports it; default one hour, so that writes still running are not reported. Pass 0 only when no
   * writer of the store is running (e.g. every worker is known dead). Non-negative.
   */
  leftoverAgeMs?: number;
}
