import { damagedError } from "./errors.js";
import { type Ctx, readWhole } from "./io.js";
import { HOST_TAG, isToken, safeName } from "./layout.js";

/**
 * What the store knows of one version of a file or shared file. Records are small JSON files replaced
 * by rename; the content they point to is an immutable file named by `token`.
 */
export interface FileRecord {
  /** The file ID (or the shared file's name). */
  id: string;
  /** Names the content version; fresh for every write, so never reused. */
  token: string;
  /** Counts the versions of this record; the successor claim is named after it. */
  gen: number;
  /** Plaintext bytes. */
  size: number;
  /** SHA-256 of the plaintext, lowercase hex. */
  sha256: string;
  /** CRC-32 of the plaintext: what reads verify (absent: they verify the SHA-256). */
  crc32?: number;
  /** The content is AES-256-GCM encrypted. */
  encrypted: boolean;
  /** Fingerprint of the key the content was encrypted with. */
  keyId?: string;
  executable: boolean;
  jobId?: string;
  cleanup: boolean;
  basename?: string;
  /** `<host tag>-<pid>` of the writer: tells a dead writer's claim from a live one's. */
  writer: string;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** This process as a record's `writer`. */
export const WRITER = `${HOST_TAG}-${process.pid}`;

/** Serialises a record. */
export function encodeRecord(record: FileRecord): Buffer {
  return Buffer.from(JSON.stringify(record));
}

/**
 * Parses a record, or `undefined` when it belongs to another ID (a different ID never shares a name,
 * but a record is checked before it is trusted).
 *
 * @throws `JOBSTORE_UNAVAILABLE` (not retryable) when the bytes are not a record: records are written
 * whole and renamed into place, so this means outside damage.
 */
export function decodeRecord(bytes: Buffer, id: string, label: string): FileRecord | undefined {
  let parsed: Partial<FileRecord>;
  try {
    parsed = JSON.parse(bytes.toString("utf8")) as Partial<FileRecord>;
  } catch (cause) {
    throw damaged(label, cause);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !isToken(parsed.token) ||
    typeof parsed.sha256 !== "string" ||
    !SHA256.test(parsed.sha256) ||
    typeof parsed.size !== "number" ||
    typeof parsed.gen !== "number"
  ) {
    throw damaged(label);
  }
  return parsed.id === id ? (parsed as FileRecord) : undefined;
}

function damaged(label: string, cause?: unknown) {
  return damagedError(`${label}: its record is damaged`, cause);
}

/** Reads the record at `path` for `id`; `undefined` when there is none. */
export async function readRecord(
  ctx: Ctx,
  path: string,
  id: string,
  label: string,
): Promise<FileRecord | undefined> {
  const bytes = await readWhole(ctx.fs, path);
  return bytes === undefined ? undefined : decodeRecord(bytes, id, label);
}

/** Where the content of a job file's version lives. */
export function fileContentPath(ctx: Ctx, record: FileRecord): string {
  return ctx.layout.content(safeName(record.id), record.token, record.cleanup ? record.jobId : undefined);
}

/** Where the content of a shared file's version lives. */
export function sharedContentPath(ctx: Ctx, record: FileRecord): string {
  return ctx.layout.sharedContent(safeName(record.id), record.token);
}

/** How an ID appears in messages. */
export function fileLabel(fileId: string): string {
  return `file ${JSON.stringify(fileId.length > 200 ? `${fileId.slice(0, 200)}…` : fileId)}`;
}
