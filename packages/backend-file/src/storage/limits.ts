import { fileError } from "../errors.js";

/** The longest job or file ID stored, in UTF-8 bytes (`capabilities.maxIdBytes`). */
export const MAX_ID_BYTES = 4096;

/**
 * Rejects an ID too long to store (before any I/O). Lookups never call it: any string is a valid
 * lookup, and a long one is simply absent.
 *
 * @throws `JOBSTORE_INVALID_NAME`
 */
export function requireIdLength(kind: string, id: string): void {
  if (Buffer.byteLength(id, "utf8") > MAX_ID_BYTES) {
    throw fileError(
      "JOBSTORE_INVALID_NAME",
      `${kind} of ${Buffer.byteLength(id, "utf8")} bytes exceeds ${MAX_ID_BYTES} bytes`,
    );
  }
}
