import type { FileWriteMeta } from "@jobstore/core";
import { type ContentRef, type MetadataRecord, type RecordKind, withContent } from "@jobstore/object-store";
import { recordName } from "./item-names.js";
import { type ItemAttributes, single } from "./items.js";
import { SIMPLEDB_MAX_BYTES } from "./simpledb-config.js";

/** Content of at most this many plaintext bytes is stored in the SimpleDB item (base64) instead of S3. */
export const INLINE_LIMIT = 256;

/**
 * The attributes that switch an item to `content`. Both `inline` and `key` are always written (one of
 * them empty), so a single replacing PutAttributes moves content between SimpleDB and S3.
 *
 * @example
 * ```ts
 * replaceAll({ kind: "file", ...contentAttributes(content) });
 * ```
 * @internal
 */
export function contentAttributes(content: ContentRef): Record<string, string> {
  return {
    version: content.version,
    checksum: content.checksum,
    size: String(content.size),
    enc: content.encrypted ? "1" : "0",
    inline: content.key === undefined ? (content.inline ?? Buffer.alloc(0)).toString("base64") : "",
    key: content.key ?? "",
  };
}

/**
 * The fixed attributes of a record: a job file's owner, cleanup flag, executable bit and basename (when
 * it fits in an attribute), a log's read flag; only the kind for a shared file.
 *
 * @example
 * ```ts
 * fixedAttributes(record); // { kind: "file", owner: "j1", cleanup: "1", exec: "0" }
 * ```
 * @internal
 */
export function fixedAttributes(record: MetadataRecord): Record<string, string | undefined> {
  if (record.kind === "shared") return { kind: "shared" };
  if (record.kind === "log") return { kind: "log", read: record.read ? "1" : "0" };
  const basename =
    record.basename !== undefined && Buffer.byteLength(record.basename) <= SIMPLEDB_MAX_BYTES
      ? record.basename
      : undefined;
  return {
    kind: "file",
    owner: record.owner,
    cleanup: record.cleanup && record.owner !== undefined ? "1" : "0",
    exec: record.executable ? "1" : "0",
    basename,
  };
}

/**
 * The record a new job file starts as.
 *
 * @example
 * ```ts
 * fileRecord("f1", { jobId: "j1", cleanup: true, executable: false }, content);
 * ```
 * @internal
 */
export function fileRecord(name: string, meta: FileWriteMeta, content: ContentRef): MetadataRecord {
  return withContent(
    {
      kind: "file",
      name,
      owner: meta.jobId,
      cleanup: meta.cleanup && meta.jobId !== undefined,
      executable: meta.executable,
      read: false,
      basename: meta.basename,
    },
    content,
  );
}

/**
 * Decodes an item; `undefined` when it is absent, of another kind than `expected`, or was never
 * completed (no `version`).
 *
 * @example
 * ```ts
 * const record = decodeRecord("file", fileId, await getItem(sdb, domain, fileId, options));
 * ```
 * @internal
 */
export function decodeRecord(
  expected: RecordKind,
  item: string,
  attributes: ItemAttributes,
): MetadataRecord | undefined {
  const version = single(attributes, "version");
  const kind = single(attributes, "kind");
  if (version === undefined || kind !== expected) return undefined;
  const key = single(attributes, "key") ?? "";
  const basename = single(attributes, "basename");
  const record: MetadataRecord = {
    name: recordName(kind, item),
    kind,
    owner: single(attributes, "owner"),
    cleanup: single(attributes, "cleanup") === "1",
    executable: single(attributes, "exec") === "1",
    read: single(attributes, "read") === "1",
    version,
    checksum: single(attributes, "checksum") ?? "",
    size: Number(single(attributes, "size") ?? "0"),
    encrypted: single(attributes, "enc") === "1",
  };
  if (basename !== undefined) record.basename = basename;
  if (key !== "") record.key = key;
  else record.inline = Buffer.from(single(attributes, "inline") ?? "", "base64");
  return record;
}
