import { deflateRawSync, inflateRawSync } from "node:zlib";
import { JobStoreError } from "./errors.js";
import type { JobDescription } from "./types.js";

// The first byte says how the rest is stored, so a reader never has to guess (and an old uncompressed
// job stays readable if the compression choice changes).
const PLAIN = 0x00;
const DEFLATE = 0x01;

// Compression costs CPU on every load; below this size it rarely saves a chunk or a request.
const MIN_COMPRESS_BYTES = 256;

/**
 * Encodes a job as bytes: JSON in UTF-8, deflated when that is smaller, behind a 1-byte marker.
 * Backends that store jobs as bytes share this format.
 *
 * @throws TypeError when the job is not JSON-serialisable.
 * @example
 * ```ts
 * const bytes = encodeJob({ jobStoreId: "j1", version: 1, command: "run" });
 * const job = decodeJob(bytes);
 * ```
 * @public
 */
export function encodeJob(job: JobDescription): Buffer {
  const json = JSON.stringify(job);
  if (json === undefined) throw new TypeError("a job must be a JSON object");
  const raw = Buffer.from(json, "utf8");
  if (raw.length >= MIN_COMPRESS_BYTES) {
    const packed = deflateRawSync(raw);
    if (packed.length < raw.length) return Buffer.concat([Buffer.of(DEFLATE), packed]);
  }
  return Buffer.concat([Buffer.of(PLAIN), raw]);
}

/**
 * Decodes bytes made by {@link encodeJob}.
 *
 * @throws {@link JobStoreError} `JOBSTORE_UNAVAILABLE` (not retryable) when the bytes are not an encoded job.
 * @example
 * ```ts
 * const job = decodeJob(await readAllBytes());
 * ```
 * @public
 */
export function decodeJob(bytes: Uint8Array): JobDescription {
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const marker = body[0];
    let json: Buffer;
    if (marker === PLAIN) json = body.subarray(1);
    else if (marker === DEFLATE) json = inflateRawSync(body.subarray(1));
    else throw new Error(`unknown job encoding marker ${String(marker)}`);
    const job: unknown = JSON.parse(json.toString("utf8"));
    if (typeof job !== "object" || job === null || Array.isArray(job)) throw new Error("not a JSON object");
    return job as JobDescription;
  } catch (cause) {
    throw new JobStoreError("JOBSTORE_UNAVAILABLE", `stored job data is corrupt (${body.length} bytes)`, {
      cause,
      retryable: false,
    });
  }
}
