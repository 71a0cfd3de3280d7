import { createHash } from "node:crypto";

/**
 * The S3 keys of the `s3:` metadata layer. Everything it writes lives under {@link META_PREFIX}, apart
 * from the content objects the content layer names; every ID or name is encoded by {@link encodeKeyPart},
 * so a key never holds a `/` from an ID, a `.`/`..` segment, or a character an S3 server might mangle.
 */

/** The prefix of every metadata object (so a listing of it never meets content objects). */
export const META_PREFIX = "meta/";
/** The store marker: exists exactly while the store does. */
export const STORE_MARKER_KEY = `${META_PREFIX}store.json`;
/** Prefix of job objects: `meta/jobs/<id>`. */
export const JOBS_PREFIX = `${META_PREFIX}jobs/`;
/** Prefix of file records: `meta/files/<id>`, or `meta/files/<job>/<uuid>` for IDs that name their job. */
export const FILES_PREFIX = `${META_PREFIX}files/`;
/** Prefix of the owner index of cleanup files whose ID does not name their job (hashed names). */
export const OWNED_PREFIX = `${META_PREFIX}owned/`;
/** Prefix of shared-file records: `meta/shared/<name>`. */
export const SHARED_PREFIX = `${META_PREFIX}shared/`;
/** Prefix of log message records: `meta/logs/<15-digit ms>-<uuid>`. */
export const LOGS_PREFIX = `${META_PREFIX}logs/`;
/** Prefix of log read markers (empty objects): `meta/logread/<same name as the message>`. */
export const LOG_READ_PREFIX = `${META_PREFIX}logread/`;
/** Prefix of the probe objects `initialize` writes to test conditional writes (deleted right after). */
export const PROBE_PREFIX = `${META_PREFIX}probe/`;

/** S3's limit on the length of a key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** Each UTF-8 byte of an ID takes at most this many key bytes once encoded (`%XX`). */
const ENCODED_BYTES_PER_BYTE = 3;

/**
 * The longest job or file ID (UTF-8 bytes) whose every key fits in {@link MAX_KEY_BYTES}: the longest key
 * per ID is a record `meta/files/<id>` (or `meta/jobs/<id>`) of an ID made only of bytes that encode as
 * `%XX`. Owner-index keys are hashes, so they are shorter.
 */
export const MAX_ID_BYTES = Math.floor((MAX_KEY_BYTES - FILES_PREFIX.length) / ENCODED_BYTES_PER_BYTE);
/** The longest shared file name in bytes (names are ASCII; a name of dots encodes three bytes each). */
export const MAX_SHARED_NAME_BYTES = Math.floor(
  (MAX_KEY_BYTES - SHARED_PREFIX.length) / ENCODED_BYTES_PER_BYTE,
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SAFE_BYTE = /^[A-Za-z0-9_-]$/;

/**
 * Encodes any string as a key segment: ASCII letters, digits, `_` and `-` stay, every other UTF-8 byte
 * becomes `%XX` (uppercase hex). Injective, never contains `/` or `.`, and at most three bytes per byte.
 *
 * @example
 * ```ts
 * encodeKeyPart("a/b.c"); // "a%2Fb%2Ec"
 * ```
 * @internal
 */
export function encodeKeyPart(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const char = String.fromCharCode(byte);
    out +=
      byte < 0x80 && SAFE_BYTE.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * The inverse of {@link encodeKeyPart}; `undefined` for a segment it cannot have produced.
 *
 * @example
 * ```ts
 * decodeKeyPart("a%2Fb%2Ec"); // "a/b.c"
 * ```
 * @internal
 */
export function decodeKeyPart(segment: string): string | undefined {
  if (!/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})*$/.test(segment)) return undefined;
  try {
    const value = decodeURIComponent(segment);
    return encodeKeyPart(value) === segment ? value : undefined;
  } catch {
    return undefined;
  }
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether `key` (made from `name`) can hold anything: `name` is well-formed UTF-16 (a lone surrogate
 * would encode as U+FFFD and collide with it) and the key fits S3's limit. Lookups of names that fail
 * this find nothing, without a request; writes of them were refused before reaching the layer.
 *
 * @example
 * ```ts
 * if (!canExist(jobKey(id), id)) return undefined;
 * ```
 * @internal
 */
export function canExist(key: string, name: string): boolean {
  return !LONE_SURROGATE.test(name) && Buffer.byteLength(key, "utf8") <= MAX_KEY_BYTES;
}

/**
 * A file ID that names its owning job: `<jobId>/<uuid>`, as {@link newGroupedFileId} makes them. Their
 * records are grouped under the job (`meta/files/<job>/<uuid>`) so `deleteJob` finds them with one listing.
 *
 * @example
 * ```ts
 * groupedOwner("job-1/0b9c…"); // "job-1"
 * ```
 * @internal
 */
export function groupedOwner(fileId: string): string | undefined {
  const slash = fileId.lastIndexOf("/");
  if (slash <= 0 || !UUID.test(fileId.slice(slash + 1))) return undefined;
  return fileId.slice(0, slash);
}

/**
 * The ID of a new file owned by `jobId`: `<jobId>/<uuid>` when that stays within {@link MAX_ID_BYTES},
 * otherwise just the UUID (such a file, if it is a cleanup file, gets an owner-index entry instead).
 *
 * @example
 * ```ts
 * newGroupedFileId("job-1", "0b9c…"); // "job-1/0b9c…"
 * ```
 * @internal
 */
export function newGroupedFileId(jobId: string | undefined, uuid: string): string {
  if (jobId === undefined) return uuid;
  const id = `${jobId}/${uuid}`;
  return Buffer.byteLength(id, "utf8") <= MAX_ID_BYTES ? id : uuid;
}

/**
 * The record key of a file: `meta/files/<job>/<uuid>` for an ID that names its job, else
 * `meta/files/<id>`. A bijection: encoded parts never contain `/`.
 *
 * @example
 * ```ts
 * fileRecordKey("j/0b9c…"); // "meta/files/j/0b9c…"
 * ```
 * @internal
 */
export function fileRecordKey(fileId: string): string {
  const owner = groupedOwner(fileId);
  if (owner === undefined) return `${FILES_PREFIX}${encodeKeyPart(fileId)}`;
  return `${jobFilesPrefix(owner)}${fileId.slice(owner.length + 1)}`;
}

/**
 * The file ID a record key stands for; `undefined` for keys that are not file records.
 *
 * @example
 * ```ts
 * fileIdOfKey(fileRecordKey(id)) === id; // true
 * ```
 * @internal
 */
export function fileIdOfKey(key: string): string | undefined {
  if (!key.startsWith(FILES_PREFIX)) return undefined;
  const rest = key.slice(FILES_PREFIX.length);
  const slash = rest.indexOf("/");
  if (slash < 0) return decodeKeyPart(rest);
  const owner = decodeKeyPart(rest.slice(0, slash));
  const uuid = rest.slice(slash + 1);
  return owner !== undefined && UUID.test(uuid) ? `${owner}/${uuid}` : undefined;
}

/**
 * The prefix under which the records of files whose ID names job `jobId` live.
 *
 * @example
 * ```ts
 * jobFilesPrefix("j"); // "meta/files/j/"
 * ```
 * @internal
 */
export function jobFilesPrefix(jobId: string): string {
  return `${FILES_PREFIX}${encodeKeyPart(jobId)}/`;
}

/**
 * The job object's key.
 *
 * @example
 * ```ts
 * jobKey("a/b"); // "meta/jobs/a%2Fb"
 * ```
 * @internal
 */
export function jobKey(jobId: string): string {
  return `${JOBS_PREFIX}${encodeKeyPart(jobId)}`;
}

/**
 * The job ID a job key stands for; `undefined` for other keys.
 *
 * @example
 * ```ts
 * jobIdOfKey(jobKey("a")); // "a"
 * ```
 * @internal
 */
export function jobIdOfKey(key: string): string | undefined {
  return key.startsWith(JOBS_PREFIX) ? decodeKeyPart(key.slice(JOBS_PREFIX.length)) : undefined;
}

/**
 * The prefix of the owner-index entries of job `jobId`: named by a hash, so any job ID fits.
 *
 * @example
 * ```ts
 * ownedPrefix("j"); // "meta/owned/<sha256 of j>/"
 * ```
 * @internal
 */
export function ownedPrefix(jobId: string): string {
  return `${OWNED_PREFIX}${sha256Hex(jobId)}/`;
}

/**
 * The owner-index entry of a cleanup file whose ID does not name its job: fixed length (two hashes);
 * the entry's body holds the file ID.
 *
 * @example
 * ```ts
 * ownedKey("j", "f"); // "meta/owned/<sha256 of j>/<sha256 of f>"
 * ```
 * @internal
 */
export function ownedKey(jobId: string, fileId: string): string {
  return `${ownedPrefix(jobId)}${sha256Hex(fileId)}`;
}

function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/**
 * A shared file's record key.
 *
 * @example
 * ```ts
 * sharedKey("config.json"); // "meta/shared/config%2Ejson"
 * ```
 * @internal
 */
export function sharedKey(name: string): string {
  return `${SHARED_PREFIX}${encodeKeyPart(name)}`;
}

/**
 * The shared file name a record key stands for; `undefined` for other keys.
 *
 * @example
 * ```ts
 * sharedNameOfKey(sharedKey("a.b")); // "a.b"
 * ```
 * @internal
 */
export function sharedNameOfKey(key: string): string | undefined {
  return key.startsWith(SHARED_PREFIX) ? decodeKeyPart(key.slice(SHARED_PREFIX.length)) : undefined;
}

/**
 * A log message's record key.
 *
 * @example
 * ```ts
 * logKey("001700000000000-u"); // "meta/logs/001700000000000-u"
 * ```
 * @internal
 */
export function logKey(name: string): string {
  return `${LOGS_PREFIX}${encodeKeyPart(name)}`;
}

/**
 * The read marker of a log message: an empty object whose existence means "delivered".
 *
 * @example
 * ```ts
 * logReadKey("001700000000000-u"); // "meta/logread/001700000000000-u"
 * ```
 * @internal
 */
export function logReadKey(name: string): string {
  return `${LOG_READ_PREFIX}${encodeKeyPart(name)}`;
}

/**
 * The log name a record key or read-marker key stands for; `undefined` for other keys.
 *
 * @example
 * ```ts
 * logNameOfKey(logReadKey("n"), LOG_READ_PREFIX); // "n"
 * ```
 * @internal
 */
export function logNameOfKey(key: string, prefix: string): string | undefined {
  return key.startsWith(prefix) ? decodeKeyPart(key.slice(prefix.length)) : undefined;
}
