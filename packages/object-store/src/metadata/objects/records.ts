import { type CallOptions, isJobStoreError, JobStoreError } from "@jobstore/core";
import { toJobStoreError } from "../../errors.js";
import type { WriteOutcome } from "../../object-store.js";
import {
  type MetadataLayer,
  type MetadataRecord,
  markOutcomeUnknown,
  type RecordKind,
} from "../metadata-layer.js";
import type { EtagCache } from "./etag-cache.js";
import type { MetadataObjects } from "./mapped-objects.js";
import {
  canExist,
  fileRecordKey,
  groupedOwner,
  logKey,
  logReadKey,
  ownedKey,
  sharedKey,
} from "./object-keys.js";
import { type DecodedRecord, decodeRecord, encodeRecord, encodeTombstone } from "./record-codec.js";

// A create that meets a tombstone (a record whose deletion a crash interrupted) replaces it; if it keeps
// meeting new ones, something else is racing on the name.
const MAX_CREATE_ATTEMPTS = 3;
// Reads back a write whose outcome is unknown this often (each with the SDK's own retries) before
// reporting the outcome unknown: a fault that lost a reply often costs the next request too.
const READ_BACK_ATTEMPTS = 3;

/**
 * The record key of `name` of `kind`.
 *
 * @example
 * ```ts
 * recordKey("shared", "config.json"); // "meta/shared/config%2Ejson"
 * ```
 * @internal
 */
export function recordKey(kind: RecordKind, name: string): string {
  return kind === "file" ? fileRecordKey(name) : kind === "shared" ? sharedKey(name) : logKey(name);
}

/**
 * The owner-index entry a job file needs, if any: a cleanup file whose record is not grouped under its
 * owner (its ID does not name the owner) is found by `deleteJob` through this entry.
 *
 * @example
 * ```ts
 * ownerIndexKey(record); // "meta/owned/<hash>/<hash>" or undefined
 * ```
 * @internal
 */
export function ownerIndexKey(record: MetadataRecord): string | undefined {
  if (record.kind !== "file" || !record.cleanup || record.owner === undefined) return undefined;
  return groupedOwner(record.name) === record.owner ? undefined : ownedKey(record.owner, record.name);
}

/**
 * The single-record methods of the object metadata layer.
 *
 * @internal
 */
export interface RecordObjects extends Pick<MetadataLayer, "getRecord" | "switchContent" | "deleteRecord"> {
  /** Reads one record object (no read-marker lookup): the decoded body and its ETag. */
  readRecord(
    kind: RecordKind,
    name: string,
    read: boolean,
    options: CallOptions,
  ): Promise<{ decoded: DecodedRecord; etag: string } | undefined>;
}

function raced(backend: string, label: string, cause?: unknown): JobStoreError {
  return new JobStoreError(
    "JOBSTORE_CONCURRENT_MODIFICATION",
    `${label}: another write changed or deleted it concurrently`,
    { backend, cause },
  );
}

const labelOf = (kind: RecordKind, name: string) =>
  `${kind === "file" ? "file" : kind === "shared" ? "shared file" : "log message"} ${JSON.stringify(name)}`;

/**
 * Records as single objects holding the whole record (content inline up to the inline limit), each
 * write conditional: `If-None-Match: *` for a new record, `If-Match` on the ETag of the version the
 * caller expects for a replacement. Every record carries a fresh version token, so its ETag (an MD5 of
 * the body) never repeats and a stale ETag can never match.
 *
 * @remarks Costs on S3: `getRecord` 1 GetObject (+1 HeadObject of the read marker for a log);
 * `switchContent` 1 PutObject when this handle knows the expected version's ETag (it does after a
 * `getRecord`), else 1 GetObject first; `deleteRecord` 1 GetObject + 1 conditional PutObject of a
 * tombstone + 1 DeleteObject (radosgw ignores `If-Match` on DeleteObject, so the condition rides on
 * the tombstone's PutObject; readers see a tombstone as no record).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_CONCURRENT_MODIFICATION` (lost condition),
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const records = createRecordObjects(objects, new EtagCache(), "s3");
 * await records.switchContent(record, undefined, {});
 * ```
 * @internal
 */
export function createRecordObjects(
  objects: MetadataObjects,
  seen: EtagCache,
  backend: string,
): RecordObjects {
  async function readRecord(kind: RecordKind, name: string, read: boolean, options: CallOptions) {
    const key = recordKey(kind, name);
    if (!canExist(key, name)) return undefined;
    const object = await objects.get(key, options);
    if (!object) {
      seen.delete(key);
      return undefined;
    }
    const decoded = decodeRecord(object.body, kind, name, read);
    if (decoded.state === "live") seen.set(key, decoded.record.version, object.tag);
    else seen.delete(key);
    return { decoded, etag: object.tag };
  }

  /**
   * Whether the record now carries `version` (our write applied after all). Reads without the caller's
   * signal: after an abort we still need to know. Rejects with the last read failure.
   */
  async function carries(kind: RecordKind, name: string, version: string): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const current = await readRecord(kind, name, false, {});
        return current?.decoded.state === "live" && current.decoded.record.version === version;
      } catch (err) {
        if (attempt >= READ_BACK_ATTEMPTS) throw err;
      }
    }
  }

  /** The ETag of the version the caller expects, or a race when the record has moved on. */
  async function expectedEtag(key: string, record: MetadataRecord, expected: string, options: CallOptions) {
    const known = seen.etagOf(key, expected);
    if (known !== undefined) return known;
    const current = await readRecord(record.kind, record.name, false, options);
    if (current?.decoded.state !== "live" || current.decoded.record.version !== expected) {
      throw raced(backend, labelOf(record.kind, record.name));
    }
    return current.etag;
  }

  async function write(
    record: MetadataRecord,
    expected: string | undefined,
    options: CallOptions,
  ): Promise<WriteOutcome> {
    const key = recordKey(record.kind, record.name);
    const body = encodeRecord(record);
    if (expected !== undefined) {
      return objects.put(key, body, { ifMatch: await expectedEtag(key, record, expected, options) }, options);
    }
    let out = await objects.put(key, body, { ifNoneMatch: "*" }, options);
    for (let attempt = 1; !out.written && !out.uncertain && attempt < MAX_CREATE_ATTEMPTS; attempt++) {
      const current = await readRecord(record.kind, record.name, false, options);
      if (current === undefined || current.decoded.state === "live") break;
      // A tombstone, or an object that is no record of this kind and name: replace exactly that object.
      out = await objects.put(key, body, { ifMatch: current.etag }, options);
    }
    return out;
  }

  async function switchContent(record: MetadataRecord, expected: string | undefined, options: CallOptions) {
    const key = recordKey(record.kind, record.name);
    const label = labelOf(record.kind, record.name);
    const extra = expected === undefined ? companionKey(record) : undefined;
    // The companion (owner index, read marker) goes first: a record is never visible without it.
    if (extra !== undefined) await objects.put(extra, Buffer.from(record.name), undefined, options);
    let out: WriteOutcome;
    try {
      out = await write(record, expected, options);
    } catch (err) {
      if (isJobStoreError(err, "JOBSTORE_CONCURRENT_MODIFICATION")) throw err;
      // Unknown outcome (network, abort): read back. Not finding our version proves nothing: the server
      // may still apply a request it had received when the client gave up on it, so the caller keeps the
      // new content (unreferenced, it is a leftover that findLeftovers reports) rather than delete what
      // the record may point at a moment later.
      if (await carries(record.kind, record.name, record.version).catch(() => false)) return;
      unknown(err);
    }
    if (out.written) {
      seen.set(key, record.version, out.tag);
      return;
    }
    // A lost condition may be about our own write: an earlier attempt of this request (the SDK retried
    // after its reply was lost) applied it. The record then carries this write's version token.
    const ours = await carries(record.kind, record.name, record.version).catch((err: unknown) =>
      // With a single attempt (and no 409, which says a write is in flight) the 412 was about another write.
      out.uncertain || out.lost === "conflict" ? unknown(err) : false,
    );
    if (ours) return;
    seen.delete(key);
    if (extra !== undefined) await objects.delete(extra, {}).catch(() => undefined);
    throw raced(backend, label);

    function unknown(err: unknown): never {
      throw markOutcomeUnknown(toJobStoreError(err, `record ${label}`, backend));
    }
  }

  /**
   * After a lost tombstone condition: whether a tombstone is there (a retried write that met its own
   * first attempt: the record is going away as asked). Tombstones carry no token, but any tombstone
   * means the record is being deleted, which is what the caller asked.
   */
  async function tombstoned(kind: RecordKind, name: string, out: WriteOutcome & { written: false }) {
    for (let attempt = 1; ; attempt++) {
      try {
        return (await readRecord(kind, name, false, {}))?.decoded.state === "tombstone";
      } catch (err) {
        if (attempt < READ_BACK_ATTEMPTS) continue;
        if (out.uncertain || out.lost === "conflict") {
          throw markOutcomeUnknown(toJobStoreError(err, `delete ${labelOf(kind, name)}`, backend));
        }
        return false;
      }
    }
  }

  return {
    readRecord,

    async getRecord(kind, name, options) {
      const current = await readRecord(kind, name, false, options);
      if (current?.decoded.state !== "live") return undefined;
      const { record } = current.decoded;
      if (kind === "log") record.read = (await objects.head(logReadKey(name), options)) !== undefined;
      return record;
    },

    switchContent,

    async deleteRecord(kind, name, expected, options) {
      const key = recordKey(kind, name);
      const label = labelOf(kind, name);
      const current = await readRecord(kind, name, false, options);
      if (current?.decoded.state !== "live" || current.decoded.record.version !== expected)
        throw raced(backend, label);
      const out = await objects.put(key, encodeTombstone(kind, name), { ifMatch: current.etag }, options);
      if (!out.written && !(await tombstoned(kind, name, out))) throw raced(backend, label);
      seen.delete(key);
      await objects.delete(key, options);
      const extra = kind === "log" ? logReadKey(name) : ownerIndexKey(current.decoded.record);
      if (extra !== undefined) await objects.delete(extra, options);
    },
  };
}

/** The object a record needs beside itself: a file's owner-index entry, or a log's read marker. */
function companionKey(record: MetadataRecord): string | undefined {
  if (record.kind === "log") return record.read ? logReadKey(record.name) : undefined;
  return ownerIndexKey(record);
}
