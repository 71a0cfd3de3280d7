import { randomUUID } from "node:crypto";
import type { FileWriteMeta } from "@jobstore/core";
import { type ItemAttributes, single } from "../context.js";

/** Content of at most this many plaintext bytes is stored in the SimpleDB item (base64) instead of S3. */
export const INLINE_LIMIT = 256;

/** What an item of the files domain holds. */
export type ItemKind = "file" | "shared" | "log";

/**
 * Where and how one version of content is stored: the part of an item that every content write replaces.
 *
 * @internal
 */
export interface StoredContent {
  /** A fresh random token per content write; the item's optimistic-concurrency token. */
  version: string;
  /** Lowercase hex SHA-256 of the plaintext. */
  checksum: string;
  /** Plaintext bytes. */
  size: number;
  /** Stored bytes are `IV ‖ ciphertext ‖ tag` (AES-256-GCM). */
  encrypted: boolean;
  /** The stored bytes when inline (possibly empty). */
  inline?: Buffer;
  /** The S3 key when not inline. */
  key?: string;
}

/**
 * A decoded item of the files domain.
 *
 * @internal
 */
export interface FileRecord extends StoredContent {
  itemName: string;
  kind: ItemKind;
  /** The owning job (job files written with a `jobId`). */
  owner: string | undefined;
  /** Delete with the owning job. */
  cleanup: boolean;
  /** The executable bit recorded at write time. */
  executable: boolean;
  /** Logs: already delivered by `readLogs`. */
  read: boolean;
}

/**
 * The item name of a shared file.
 *
 * @example
 * ```ts
 * sharedItemName("config.json"); // "shared:config.json"
 * ```
 * @internal
 */
export function sharedItemName(name: string): string {
  return `shared:${name}`;
}

/**
 * A new item name for a log message: the zero-padded millisecond timestamp first, so that item-name
 * order is write order, then a UUID for uniqueness.
 *
 * @example
 * ```ts
 * logItemName(1700000000000, "u"); // "log:001700000000000-u"
 * ```
 * @internal
 */
export function logItemName(now: number = Date.now(), id: string = randomUUID()): string {
  return `log:${String(now).padStart(15, "0")}-${id}`;
}

/**
 * The S3 key of one content version of an item. Keys are never reused, so objects are immutable.
 *
 * @example
 * ```ts
 * contentKey("shared:config.json", "v1"); // "files/shared%3Aconfig.json/v1"
 * ```
 * @internal
 */
export function contentKey(itemName: string, version: string): string {
  return `files/${encodeURIComponent(itemName)}/${version}`;
}

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
export function contentAttributes(content: StoredContent): Record<string, string> {
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
 * The fixed attributes of a job file.
 *
 * @example
 * ```ts
 * fileAttributes({ jobId: "j1", cleanup: true, executable: false }); // { kind: "file", owner: "j1", … }
 * ```
 * @internal
 */
export function fileAttributes(meta: FileWriteMeta): Record<string, string | undefined> {
  return {
    kind: "file",
    owner: meta.jobId,
    cleanup: meta.cleanup && meta.jobId !== undefined ? "1" : "0",
    exec: meta.executable ? "1" : "0",
  };
}

/**
 * Decodes an item; `undefined` when it is absent or was never completed (no `version`).
 *
 * @example
 * ```ts
 * const record = decodeRecord(fileId, await getItem(ctx, ctx.names.filesDomain, fileId, options));
 * ```
 * @internal
 */
export function decodeRecord(itemName: string, item: ItemAttributes): FileRecord | undefined {
  const version = single(item, "version");
  const kind = single(item, "kind");
  if (version === undefined || (kind !== "file" && kind !== "shared" && kind !== "log")) return undefined;
  const key = single(item, "key") ?? "";
  const record: FileRecord = {
    itemName,
    kind,
    owner: single(item, "owner"),
    cleanup: single(item, "cleanup") === "1",
    executable: single(item, "exec") === "1",
    read: single(item, "read") === "1",
    version,
    checksum: single(item, "checksum") ?? "",
    size: Number(single(item, "size") ?? "0"),
    encrypted: single(item, "enc") === "1",
  };
  if (key !== "") record.key = key;
  else record.inline = Buffer.from(single(item, "inline") ?? "", "base64");
  return record;
}
