import { type ContentRef, logName, type MetadataRecord } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { contentKey } from "../../../../object-store/src/content/keys.js";
import { itemName, recordName } from "../../../src/metadata/simpledb/item-names.js";
import type { ItemAttributes } from "../../../src/metadata/simpledb/items.js";
import {
  contentAttributes,
  decodeRecord,
  fixedAttributes,
} from "../../../src/metadata/simpledb/record-items.js";

/** What SimpleDB would hand back after a replacing put of `values`. */
function asItem(values: Record<string, string | undefined>): ItemAttributes {
  const item: ItemAttributes = new Map();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) item.set(name, [value]);
  return item;
}

const INLINE: ContentRef = {
  version: "v1",
  checksum: "abc",
  size: 3,
  encrypted: false,
  inline: Buffer.from("hi!"),
};
const IN_S3: ContentRef = {
  version: "v2",
  checksum: "def",
  size: 1000,
  encrypted: true,
  key: "files/f/v2",
};
const EMPTY_INLINE: ContentRef = {
  version: "v",
  checksum: "c",
  size: 0,
  encrypted: false,
  inline: Buffer.alloc(0),
};

/** A job file's record with `content`. */
function fileRecord(
  meta: { owner?: string; cleanup: boolean; executable: boolean },
  content: ContentRef,
): MetadataRecord {
  return { ...content, kind: "file", name: "f1", read: false, ...meta };
}

describe("item names and keys", () => {
  it("shared files live under shared:<name>", () => {
    expect(itemName("shared", "config.json")).toBe("shared:config.json");
  });

  it("log names sort in timestamp order across digit counts and live under log:<name>", () => {
    expect(logName(999, "z") < logName(1000, "a")).toBe(true);
    expect(itemName("log", logName(1_700_000_000_000, "u"))).toBe("log:001700000000000-u");
  });

  it("log names made in a row sort in the order they were made, even within one millisecond", () => {
    const names = Array.from({ length: 50 }, () => logName());
    expect([...names].sort()).toEqual(names);
  });

  it("two log names at the same millisecond differ", () => {
    expect(logName(5)).not.toBe(logName(5));
  });

  it("file IDs are item names as they are, unless they look like another kind's item name", () => {
    expect(itemName("file", "0b6f2c9e-uuid")).toBe("0b6f2c9e-uuid");
    for (const id of ["shared:config.json", "log:1-u", "file:x"]) {
      expect(itemName("file", id)).toBe(`file:${id}`);
      expect(recordName("file", itemName("file", id))).toBe(id);
    }
  });

  it("content keys of names too long for S3 are hashed, so every storable ID has a key", () => {
    const key = contentKey("é".repeat(500), "v1");
    expect(Buffer.byteLength(key)).toBeLessThanOrEqual(1024);
    expect(key).toMatch(/^files\/~[0-9a-f]{64}\/v1$/);
  });

  it("content keys escape the item name into one path segment and end with the version", () => {
    expect(contentKey("shared:a/b", "v9")).toBe("files/shared%3Aa%2Fb/v9");
  });
});

describe("content attributes", () => {
  it("inline content is base64 in `inline` with an empty `key`", () => {
    expect(contentAttributes(INLINE)).toEqual({
      version: "v1",
      checksum: "abc",
      size: "3",
      enc: "0",
      inline: "aGkh",
      key: "",
    });
  });

  it("S3 content has its key and an empty `inline`", () => {
    expect(contentAttributes(IN_S3)).toEqual({
      version: "v2",
      checksum: "def",
      size: "1000",
      enc: "1",
      inline: "",
      key: "files/f/v2",
    });
  });

  it("empty inline content encodes as an empty `inline` with an empty `key`", () => {
    expect(contentAttributes(EMPTY_INLINE)).toMatchObject({ inline: "", key: "" });
  });

  it("a job file records kind, owner, cleanup and exec", () => {
    expect(fixedAttributes(fileRecord({ owner: "j1", cleanup: true, executable: true }, INLINE))).toEqual({
      kind: "file",
      owner: "j1",
      cleanup: "1",
      exec: "1",
      basename: undefined,
    });
  });

  it("cleanup without an owning job is recorded as 0", () => {
    expect(fixedAttributes(fileRecord({ cleanup: true, executable: false }, INLINE))).toMatchObject({
      kind: "file",
      owner: undefined,
      cleanup: "0",
      exec: "0",
    });
  });

  it("a basename is kept when it fits in an attribute value, dropped otherwise", () => {
    const named = { ...fileRecord({ cleanup: false, executable: false }, INLINE), basename: "a.txt" };
    expect(fixedAttributes(named).basename).toBe("a.txt");
    expect(fixedAttributes({ ...named, basename: "x".repeat(1025) }).basename).toBeUndefined();
  });
});

describe("decodeRecord", () => {
  it("round-trips an inline file record", () => {
    const record = decodeRecord(
      "file",
      "f1",
      asItem({
        ...fixedAttributes(fileRecord({ owner: "j", cleanup: true, executable: true }, INLINE)),
        ...contentAttributes(INLINE),
      }),
    );
    expect(record).toEqual({
      name: "f1",
      kind: "file",
      owner: "j",
      cleanup: true,
      executable: true,
      read: false,
      version: "v1",
      checksum: "abc",
      size: 3,
      encrypted: false,
      inline: Buffer.from("hi!"),
    });
  });

  it("round-trips an S3 record without inline bytes", () => {
    const record = decodeRecord(
      "shared",
      "shared:x",
      asItem({ kind: "shared", ...contentAttributes(IN_S3) }),
    );
    expect(record).toMatchObject({ kind: "shared", key: "files/f/v2", encrypted: true, size: 1000 });
    expect(record?.inline).toBeUndefined();
  });

  it("decodes an empty inline file as zero inline bytes", () => {
    const record = decodeRecord("file", "f", asItem({ kind: "file", ...contentAttributes(EMPTY_INLINE) }));
    expect(record?.inline).toEqual(Buffer.alloc(0));
    expect(record?.key).toBeUndefined();
  });

  it("reads the read flag of log messages", () => {
    expect(
      decodeRecord("log", "log:1", asItem({ kind: "log", read: "1", ...contentAttributes(INLINE) }))?.read,
    ).toBe(true);
  });

  it("an absent item decodes to undefined", () => {
    expect(decodeRecord("file", "f", new Map())).toBeUndefined();
  });

  it("an item without a version decodes to undefined", () => {
    expect(decodeRecord("file", "f", asItem({ kind: "file", size: "3" }))).toBeUndefined();
  });

  it("an item of an unknown kind decodes to undefined", () => {
    expect(decodeRecord("file", "f", asItem({ kind: "job", ...contentAttributes(INLINE) }))).toBeUndefined();
  });

  it("an item of another kind than asked for decodes to undefined", () => {
    expect(
      decodeRecord("file", "shared:x", asItem({ kind: "shared", ...contentAttributes(INLINE) })),
    ).toBeUndefined();
  });
});
