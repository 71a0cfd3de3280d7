import { createHash } from "node:crypto";

// S3 keys are at most 1024 UTF-8 bytes; long names are hashed so that any storable ID has a key.
const MAX_KEY_BYTES = 1024;

/**
 * The S3 key of one content version of the record called `qualifiedName` (a file ID, `shared:<name>`,
 * `log:<name>`). Keys are never reused, so objects are immutable.
 *
 * @example
 * ```ts
 * contentKey("shared:config.json", "v1"); // "files/shared%3Aconfig.json/v1"
 * ```
 * @internal
 */
export function contentKey(qualifiedName: string, version: string): string {
  return boundedKey("files", qualifiedName, version);
}

/**
 * The S3 key of one stored version of an overlarge job.
 *
 * @example
 * ```ts
 * overlargeJobKey("j1", "u1"); // "jobs/j1/u1"
 * ```
 * @internal
 */
export function overlargeJobKey(jobId: string, version: string): string {
  return boundedKey("jobs", jobId, version);
}

function boundedKey(prefix: string, name: string, version: string): string {
  const key = `${prefix}/${encodeURIComponent(name)}/${version}`;
  if (Buffer.byteLength(key) <= MAX_KEY_BYTES) return key;
  return `${prefix}/~${createHash("sha256").update(name).digest("hex")}/${version}`;
}
