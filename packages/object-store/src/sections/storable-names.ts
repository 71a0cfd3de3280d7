import { JobStoreError } from "@jobstore/core";

// With the `u` flag a surrogate pair is one code point; only a lone surrogate is in category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks, before any I/O, that a job ID, file ID or shared name can be stored: well-formed UTF-16 (no lone
 * surrogate, which no request can encode) and at most `maxBytes` UTF-8 bytes.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_NAME` naming the value's kind and size.
 * @example
 * ```ts
 * requireStorable("job ID", meta.jobId, limits.maxIdBytes, "s3");
 * ```
 * @internal
 */
export function requireStorable(
  what: string,
  value: string | undefined,
  maxBytes: number,
  backend: string,
): void {
  if (value === undefined) return;
  if (LONE_SURROGATE.test(value)) {
    throw new JobStoreError("JOBSTORE_INVALID_NAME", `the ${what} contains a lone surrogate`, {
      backend,
    });
  }
  const bytes = Buffer.byteLength(value);
  if (bytes > maxBytes) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_NAME",
      `the ${what} has ${bytes} UTF-8 bytes; this store takes at most ${maxBytes}`,
      { backend },
    );
  }
}
