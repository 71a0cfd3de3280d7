import type { StoreContext } from "../context.js";
import { damagedError } from "../errors.js";
import { removeQuietly } from "./io.js";
import { HOST_TAG, isToken, safeName } from "./layout.js";
import { readReplaced, readReplacedPrefix } from "./lookup.js";

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
  /** SHA-256 of the plaintext, lowercase hex (content up to 1 MiB; larger content has the CRC-32 only). */
  sha256?: string;
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
  /** The content is stored in the record file itself, after the header line (see {@link body}). */
  inline?: boolean;
  /**
   * The stored bytes of inline content (ciphertext when `encrypted`); never serialised into the header.
   * Small content lives here so that a write is one new file and one rename, and a read one open.
   */
  body?: Buffer;
}

const NEWLINE = 0x0a;
const NEWLINE_BYTE = Buffer.from("\n");

/**
 * Splits a record file into its JSON header and its inline content: `JSON.stringify` never emits a raw
 * newline, so the first one ends the header. A record without inline content has no newline.
 */
export function splitRecord(bytes: Buffer): { header: string; body: Buffer | undefined } {
  const newline = bytes.indexOf(NEWLINE);
  return newline < 0
    ? { header: bytes.toString("utf8"), body: undefined }
    : { header: bytes.toString("utf8", 0, newline), body: bytes.subarray(newline + 1) };
}

/** The parsed JSON header of a record (or of a claim, which is a record); throws when it is not JSON. */
export function recordHeader(bytes: Buffer): Partial<FileRecord> {
  return JSON.parse(splitRecord(bytes).header) as Partial<FileRecord>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** This process as a record's `writer`. */
export const WRITER = `${HOST_TAG}-${process.pid}`;

/**
 * Serialises a record: its JSON header alone, or for inline content the header, a newline and the
 * content as three parts for one `writev` (written by `writeAll`), never joined into a new buffer.
 */
export function encodeRecord(record: FileRecord): Buffer | Buffer[] {
  const { body, ...header } = record;
  const json = Buffer.from(JSON.stringify(header));
  return body ? [json, NEWLINE_BYTE, body] : json;
}

/**
 * Parses a record, or `undefined` when it belongs to another ID (a different ID never shares a name,
 * but a record is checked before it is trusted).
 *
 * @throws `JOBSTORE_UNAVAILABLE` (not retryable) when the bytes are not a record: records are written
 * whole and renamed into place, so this means outside damage.
 */
export function decodeRecord(bytes: Buffer, id: string, label: string): FileRecord | undefined {
  const { header, body } = splitRecord(bytes);
  const parsed = decodeHeader(header, id, label);
  if (parsed?.inline) {
    if (!body) throw damaged(label);
    parsed.body = ownBytes(body);
  }
  return parsed;
}

/**
 * The inline content as a buffer of about its own size. The record was read into a buffer sized for
 * the largest inline content; readers hand the content out as it is, so a small file's bytes kept by a
 * caller would otherwise hold that whole buffer alive (72 KiB for each 100-byte file). Content that
 * fills most of the buffer is left where it is: copying it would cost more than the slack.
 */
function ownBytes(body: Buffer): Buffer {
  return body.buffer.byteLength > 2 * body.length + 4096 ? Buffer.from(body) : body;
}

/** {@link decodeRecord} of the header alone: `body` stays unset, even for inline content. */
function decodeHeader(header: string, id: string, label: string): FileRecord | undefined {
  let parsed: Partial<FileRecord>;
  try {
    parsed = JSON.parse(header) as Partial<FileRecord>;
  } catch (cause) {
    throw damaged(label, cause);
  }
  if (
    typeof parsed !== "object" ||
    parsed === null ||
    !isToken(parsed.token) ||
    !(typeof parsed.sha256 === "string"
      ? SHA256.test(parsed.sha256)
      : parsed.sha256 === undefined && typeof parsed.crc32 === "number") ||
    typeof parsed.size !== "number" ||
    typeof parsed.gen !== "number"
  ) {
    throw damaged(label);
  }
  if (parsed.id !== id) return undefined;
  return parsed as FileRecord;
}

function damaged(label: string, cause?: unknown) {
  return damagedError(`${label}: its record is damaged`, cause);
}

/** A first read that takes a whole record, inline content included, in one call (a short read ends it). */
export function recordReadSize(ctx: StoreContext): number {
  return ctx.inlineLimit + 8 * 1024;
}

/**
 * Reads the record at `path` for `id`; `undefined` when there is none (never because another process
 * was replacing it: see {@link readReplaced}).
 */
export async function readRecord(
  ctx: StoreContext,
  path: string,
  id: string,
  label: string,
): Promise<FileRecord | undefined> {
  const bytes = await readReplaced(ctx, path, recordReadSize(ctx));
  return bytes === undefined ? undefined : decodeRecord(bytes, id, label);
}

/**
 * The first read of {@link readRecordHeader}: a header with an ID of up to a few thousand plain bytes
 * fits; a longer one costs a second, whole read.
 */
const HEADER_READ = 8 * 1024;

/**
 * The JSON header of the record file at `path`, without reading its inline content; `undefined` when
 * there is no such file.
 */
export async function readHeaderText(ctx: StoreContext, path: string): Promise<string | undefined> {
  const prefix = await readReplacedPrefix(ctx, path, HEADER_READ);
  if (prefix === undefined) return undefined;
  const newline = prefix.indexOf(NEWLINE);
  if (newline >= 0) return prefix.toString("utf8", 0, newline);
  // No newline: the whole file when it was a short read (a record without inline content), else a
  // header longer than the first read.
  if (prefix.length < HEADER_READ) return prefix.toString("utf8");
  const whole = await readReplaced(ctx, path, recordReadSize(ctx) + HEADER_READ);
  return whole === undefined ? undefined : splitRecord(whole).header;
}

/**
 * Reads the record at `path` for `id` without its inline content (`body` unset): for callers that need
 * the version, not the bytes (deletes, sizes, the previous version of a write). A 64 KiB inline record
 * costs an 8 KiB read instead of a 72 KiB one.
 */
export async function readRecordHeader(
  ctx: StoreContext,
  path: string,
  id: string,
  label: string,
): Promise<FileRecord | undefined> {
  const header = await readHeaderText(ctx, path);
  return header === undefined ? undefined : decodeHeader(header, id, label);
}

/**
 * Removes the content file of version `record` at `path`, if there is one. Content of its own always
 * has one; inline content only once a symbolic link or a public URL needed it, so it is probed first:
 * the usual case then costs no failing `unlink` (whose error object costs more than the call).
 */
export async function removeVersionContent(
  ctx: StoreContext,
  record: FileRecord,
  path: string,
): Promise<void> {
  if (record.inline && !(await ctx.fs.present(path))) return;
  await removeQuietly(ctx.fs, path);
}

/** Where the content of a job file's version lives. */
export function fileContentPath(ctx: StoreContext, record: FileRecord): string {
  return ctx.layout.content(safeName(record.id), record.token, record.cleanup ? record.jobId : undefined);
}

/** Where the content of a shared file's version lives. */
export function sharedContentPath(ctx: StoreContext, record: FileRecord): string {
  return ctx.layout.sharedContent(safeName(record.id), record.token);
}

/** How an ID appears in messages. */
export function fileLabel(fileId: string): string {
  return `file ${JSON.stringify(fileId.length > 200 ? `${fileId.slice(0, 200)}…` : fileId)}`;
}
