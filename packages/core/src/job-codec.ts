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
 * How deeply a job's JSON may nest objects and arrays. Deeper jobs overflow the stack of some encoders
 * (`structuredClone` fails near 2,000 levels, `JSON.stringify` near 4,500), so the limit is checked
 * before any backend sees them.
 *
 * @public
 */
export const MAX_JOB_DEPTH = 1000;

/**
 * The JSON text of a job, checked as storable: `JSON.stringify` succeeds (no BigInt, no cycle, no
 * throwing getter), the result is a JSON object (a `toJSON` may not make it a string, an array or a
 * number), it nests at most {@link MAX_JOB_DEPTH} levels, and a job with its own `toJSON` keeps its
 * `jobStoreId` and `version` in the JSON form (the store finds the job by them after a load).
 *
 * @throws TypeError when the job cannot be stored; the original error, if any, is its `cause`.
 * @example
 * ```ts
 * const json = jobToJson({ jobStoreId: "j1", version: 1 }); // '{"jobStoreId":"j1","version":1}'
 * ```
 * @public
 */
export function jobToJson(job: JobDescription): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(job);
  } catch (cause) {
    // A cycle or a BigInt (TypeError), a stack overflow on deep nesting (RangeError), a getter's own error.
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new TypeError(`a job must be JSON-serialisable (${why})`, { cause });
  }
  if (json === undefined || json.charCodeAt(0) !== OPEN_BRACE) {
    throw new TypeError("a job's JSON form must be an object");
  }
  if (typeof job.toJSON === "function") requireKeptIdentity(job, json);
  // Nesting deeper than the limit needs at least two characters per level.
  if (json.length > 2 * MAX_JOB_DEPTH && nestingOf(json) > MAX_JOB_DEPTH) {
    throw new TypeError(`a job may nest at most ${MAX_JOB_DEPTH} levels of objects and arrays`);
  }
  return json;
}

const OPEN_BRACE = 0x7b;

function requireKeptIdentity(job: JobDescription, json: string): void {
  const stored = JSON.parse(json) as JobDescription;
  if (stored.jobStoreId !== job.jobStoreId || stored.version !== job.version) {
    throw new TypeError(
      `job ${String(job.jobStoreId)}: its toJSON must keep jobStoreId and version in the JSON form`,
    );
  }
}

/** The deepest nesting of objects and arrays in JSON text (brackets inside strings do not count). */
function nestingOf(json: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * Encodes a job as bytes: JSON in UTF-8, deflated when that is smaller, behind a 1-byte marker.
 * Backends that store jobs as bytes share this format.
 *
 * @throws TypeError when the job cannot be stored (see {@link jobToJson}).
 * @example
 * ```ts
 * const bytes = encodeJob({ jobStoreId: "j1", version: 1, command: "run" });
 * const job = decodeJob(bytes);
 * ```
 * @public
 */
export function encodeJob(job: JobDescription): Buffer {
  const raw = Buffer.from(jobToJson(job), "utf8");
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
