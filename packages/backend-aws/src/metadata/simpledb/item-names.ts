import type { RecordKind } from "@jobstore/object-store";

const SHARED = "shared:";
const LOG = "log:";
// File IDs are item names as they are (UUIDs, as before); an ID that could be read as another kind's
// item name gets this prefix, so any ID can be a file ID.
const FILE = "file:";

/** The longest prefix {@link itemName} adds to a file ID. */
export const FILE_PREFIX_BYTES = FILE.length;
/** The prefix {@link itemName} adds to a shared-file name. */
export const SHARED_PREFIX_BYTES = SHARED.length;

/**
 * The item name of a record in the files domain: the file ID, `shared:<name>`, or `log:<name>`.
 *
 * @example
 * ```ts
 * itemName("shared", "config.json"); // "shared:config.json"
 * itemName("file", "log:x"); // "file:log:x"
 * ```
 * @internal
 */
export function itemName(kind: RecordKind, name: string): string {
  if (kind === "shared") return SHARED + name;
  if (kind === "log") return LOG + name;
  return name.startsWith(SHARED) || name.startsWith(LOG) || name.startsWith(FILE) ? FILE + name : name;
}

/**
 * The record name of an item of `kind` (the inverse of {@link itemName}).
 *
 * @example
 * ```ts
 * recordName("log", "log:001-u"); // "001-u"
 * ```
 * @internal
 */
export function recordName(kind: RecordKind, item: string): string {
  if (kind === "shared") return item.slice(SHARED.length);
  if (kind === "log") return item.slice(LOG.length);
  return item.startsWith(FILE) ? item.slice(FILE.length) : item;
}
