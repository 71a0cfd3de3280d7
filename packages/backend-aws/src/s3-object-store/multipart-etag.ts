import { createHash } from "node:crypto";
import type { UploadedPart } from "@jobstore/object-store";
import { bareEtag } from "./if-match-dialect.js";

const MD5_HEX = /^[0-9a-f]{32}$/i;

/**
 * The ETag S3 gives an object completed from `parts`: the hex MD5 of the parts' binary MD5s, in part
 * order, then `-` and the part count. Radosgw computes the same tag but leaves it out of the
 * CompleteMultipartUpload reply (`ETag: ""`); this fills it in without another request.
 *
 * @returns `undefined` when a part's tag is not a plain MD5 (e.g. under SSE-KMS), where only the server
 * knows the object's tag.
 * @example
 * ```ts
 * multipartEtag([{ partNumber: 1, tag: '"5d41402abc4b2a76b9719d911017c592"' }]); // "…-1"
 * ```
 * @internal
 */
export function multipartEtag(parts: readonly UploadedPart[]): string | undefined {
  const digests: Buffer[] = [];
  for (const part of [...parts].sort((a, b) => a.partNumber - b.partNumber)) {
    const hex = bareEtag(part.tag);
    if (!MD5_HEX.test(hex)) return undefined;
    digests.push(Buffer.from(hex, "hex"));
  }
  if (digests.length === 0) return undefined;
  return `${createHash("md5").update(Buffer.concat(digests)).digest("hex")}-${digests.length}`;
}
