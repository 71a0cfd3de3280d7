import { randomUUID } from "node:crypto";
import type { MetadataRecord, RecordKind } from "../metadata-layer.js";

const FORMAT = 1;

/** A record object's body as JSON: the record, with inline bytes in base64. */
interface RecordBody {
  v: number;
  kind: RecordKind;
  name: string;
  version: string;
  checksum: string;
  size: number;
  enc: boolean;
  inline?: string;
  key?: string;
  owner?: string;
  cleanup?: boolean;
  exec?: boolean;
  basename?: string;
}

/** What a deleted record leaves while its deletion completes: a conditional write, so never torn. */
interface TombstoneBody {
  v: number;
  kind: RecordKind;
  name: string;
  deleted: true;
  /** Makes the tombstone's ETag unique, so no stale `If-Match` can ever match it. */
  nonce: string;
}

/**
 * What a record object holds: a record, a tombstone (a record being deleted, read as absent), or
 * something else (corrupt, or of another kind or name: read as absent too).
 *
 * @internal
 */
export type DecodedRecord =
  | { state: "live"; record: MetadataRecord }
  | { state: "tombstone" }
  | { state: "foreign" };

/**
 * The bytes of a record object. The read state of logs is not part of it (read markers hold it).
 *
 * @example
 * ```ts
 * await objects.put(fileRecordKey(record.name), encodeRecord(record), { ifNoneMatch: "*" }, options);
 * ```
 * @internal
 */
export function encodeRecord(record: MetadataRecord): Buffer {
  const body: RecordBody = {
    v: FORMAT,
    kind: record.kind,
    name: record.name,
    version: record.version,
    checksum: record.checksum,
    size: record.size,
    enc: record.encrypted,
  };
  if (record.key !== undefined) body.key = record.key;
  else body.inline = (record.inline ?? Buffer.alloc(0)).toString("base64");
  if (record.kind === "file") {
    if (record.owner !== undefined) body.owner = record.owner;
    body.cleanup = record.cleanup;
    body.exec = record.executable;
    if (record.basename !== undefined) body.basename = record.basename;
  }
  return Buffer.from(JSON.stringify(body));
}

/**
 * The bytes of a tombstone for the record `kind`/`name`.
 *
 * @example
 * ```ts
 * await objects.put(key, encodeTombstone("file", id), { ifMatch: etag }, options);
 * ```
 * @internal
 */
export function encodeTombstone(kind: RecordKind, name: string): Buffer {
  const body: TombstoneBody = { v: FORMAT, kind, name, deleted: true, nonce: randomUUID() };
  return Buffer.from(JSON.stringify(body));
}

/**
 * Reads a record object's bytes, checking that it is a record of `kind` named `name` (so one kind is
 * never read as another). `read` is the log read state, known from the read markers.
 *
 * @example
 * ```ts
 * const decoded = decodeRecord(bytes, "file", fileId, false);
 * if (decoded.state === "live") use(decoded.record);
 * ```
 * @internal
 */
export function decodeRecord(bytes: Buffer, kind: RecordKind, name: string, read: boolean): DecodedRecord {
  let body: Partial<RecordBody & TombstoneBody>;
  try {
    body = JSON.parse(bytes.toString("utf8")) as Partial<RecordBody & TombstoneBody>;
  } catch {
    return { state: "foreign" };
  }
  if (
    body === null ||
    typeof body !== "object" ||
    body.v !== FORMAT ||
    body.kind !== kind ||
    body.name !== name
  ) {
    return { state: "foreign" };
  }
  if (body.deleted === true) return { state: "tombstone" };
  if (
    typeof body.version !== "string" ||
    typeof body.checksum !== "string" ||
    typeof body.size !== "number"
  ) {
    return { state: "foreign" };
  }
  const record: MetadataRecord = {
    kind,
    name,
    version: body.version,
    checksum: body.checksum,
    size: body.size,
    encrypted: body.enc === true,
    owner: typeof body.owner === "string" ? body.owner : undefined,
    cleanup: body.cleanup === true,
    executable: body.exec === true,
    read,
    basename: typeof body.basename === "string" ? body.basename : undefined,
  };
  if (typeof body.key === "string") record.key = body.key;
  else record.inline = Buffer.from(typeof body.inline === "string" ? body.inline : "", "base64");
  return { state: "live", record };
}
