import { createHash, randomBytes } from "node:crypto";
import { encodeJob, type JobDescription } from "@jobstore/core";

// Every byte the checks write describes itself: which object it belongs to, which write made it (a tag),
// and a hash of the body, so a reader can tell a whole version from a torn, mixed or truncated one.
const FILE_MAGIC = "JSDUR1";

/** What a self-describing file or job says about itself. */
export interface Described {
  /** The object the content was written for (a file key or job key of the check). */
  key: string;
  /** The write that made it, e.g. `"c3.17"` (life 3 of the crash worker, its 17th write). */
  tag: string;
}

/** The outcome of checking content: what it describes, or why it is not a whole version. */
export type Decoded = { ok: true; described: Described } | { ok: false; problem: string };

function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * File content of `size` bytes in total (at least the header, about 100 bytes): a header line naming key,
 * tag, body length and body hash, then random bytes.
 */
export function makeFileContent(key: string, tag: string, size: number): Buffer {
  const headerFor = (bodyLength: number, hash: string) =>
    Buffer.from(`${FILE_MAGIC} ${key} ${tag} ${bodyLength} ${hash}\n`);
  const probe = headerFor(size, "0".repeat(64)).length;
  const bodyLength = Math.max(0, size - probe);
  const body = randomBytes(bodyLength);
  return Buffer.concat([headerFor(bodyLength, sha256(body)), body]);
}

/** Checks file content made by {@link makeFileContent}. */
export function decodeFileContent(content: Buffer): Decoded {
  const newline = content.indexOf(10);
  if (newline < 0 || newline > 1024) return { ok: false, problem: `no header (${content.length} bytes)` };
  const [magic, key, tag, length, hash, ...rest] = content.subarray(0, newline).toString("utf8").split(" ");
  if (magic !== FILE_MAGIC || !key || !tag || !length || !hash || rest.length > 0) {
    return { ok: false, problem: "malformed header" };
  }
  const body = content.subarray(newline + 1);
  if (body.length !== Number(length)) {
    return { ok: false, problem: `${tag}: body of ${body.length} bytes, header says ${length}` };
  }
  if (sha256(body) !== hash) return { ok: false, problem: `${tag}: body hash mismatch` };
  return { ok: true, described: { key, tag } };
}

/** The job field holding what a job describes about itself. */
const FIELD = "durability";

function jobWithBody(
  jobStoreId: string,
  key: string,
  tag: string,
  body: string,
  version: number,
): JobDescription {
  return {
    jobStoreId,
    jobName: key,
    version,
    [FIELD]: { key, tag, length: body.length, sha256: sha256(body) },
    body,
  };
}

/**
 * A job whose encoded form (`encodeJob`, as the backend receives it) is about `encodedSize` bytes: an
 * incompressible body sized by measuring, so sizes land around a backend's chunk and spill limits.
 */
export function makeJob(jobStoreId: string, key: string, tag: string, encodedSize: number): JobDescription {
  const bodyFor = (length: number) =>
    randomBytes(Math.ceil((Math.max(0, length) * 3) / 4) + 3)
      .toString("base64")
      .slice(0, Math.max(0, length));
  let length = Math.max(0, encodedSize - 200);
  let job = jobWithBody(jobStoreId, key, tag, bodyFor(length), 1);
  // Deflate shrinks base64 to about 3/4: two corrections land within a few bytes of the target.
  for (let i = 0; i < 2; i++) {
    const actual = encodeJob(job).length;
    if (actual === encodedSize || length === 0) break;
    length = Math.max(0, Math.round(length + (encodedSize - actual) * (length / Math.max(1, actual))));
    job = jobWithBody(jobStoreId, key, tag, bodyFor(length), 1);
  }
  return job;
}

/** Checks a loaded job made by {@link makeJob}. */
export function decodeJobContent(job: JobDescription): Decoded {
  const meta = job[FIELD] as { key?: unknown; tag?: unknown; length?: unknown; sha256?: unknown } | undefined;
  const body = job.body;
  if (!meta || typeof meta !== "object" || typeof body !== "string") {
    return { ok: false, problem: "not a job of this check" };
  }
  if (typeof meta.key !== "string" || typeof meta.tag !== "string") return { ok: false, problem: "no tag" };
  if (body.length !== meta.length) {
    return {
      ok: false,
      problem: `${meta.tag}: body of ${body.length} chars, recorded ${String(meta.length)}`,
    };
  }
  if (sha256(body) !== meta.sha256) return { ok: false, problem: `${meta.tag}: body hash mismatch` };
  return { ok: true, described: { key: meta.key, tag: meta.tag } };
}
