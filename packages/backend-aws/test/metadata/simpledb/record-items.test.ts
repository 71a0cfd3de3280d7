import { describe, expect, it } from "vitest";
import type { ItemAttributes } from "../../src/context.js";
import {
  contentAttributes,
  contentKey,
  decodeRecord,
  fileAttributes,
  logItemName,
  type StoredContent,
  sharedItemName,
} from "../../src/files/file-items.js";

/** What SimpleDB would hand back after a replacing put of `values`. */
function asItem(values: Record<string, string | undefined>): ItemAttributes {
  const item: ItemAttributes = new Map();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) item.set(name, [value]);
  return item;
}

const INLINE: StoredContent = {
  version: "v1",
  checksum: "abc",
  size: 3,
  encrypted: false,
  inline: Buffer.from("hi!"),
};
const IN_S3: StoredContent = {
  version: "v2",
  checksum: "def",
  size: 1000,
  encrypted: true,
  key: "files/f/v2",
};

describe("item names and keys", () => {
  it("shared files live under shared:<name>", () => {
    expect(sharedItemName("config.json")).toBe("shared:config.json");
  });

  it("log item names sort in timestamp order across digit counts", () => {
    expect(logItemName(999, "z") < logItemName(1000, "a")).toBe(true);
    expect(logItemName(1_700_000_000_000, "u")).toBe("log:001700000000000-u");
  });

  it("two log item names at the same millisecond differ", () => {
    expect(logItemName(5)).not.toBe(logItemName(5));
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
    const empty: StoredContent = {
      version: "v",
      checksum: "c",
      size: 0,
      encrypted: false,
      inline: Buffer.alloc(0),
    };
    expect(contentAttributes(empty)).toMatchObject({ inline: "", key: "" });
  });

  it("a job file records kind, owner, cleanup and exec", () => {
    expect(fileAttributes({ jobId: "j1", cleanup: true, executable: true })).toEqual({
      kind: "file",
      owner: "j1",
      cleanup: "1",
      exec: "1",
    });
  });

  it("cleanup without an owning job is recorded as 0", () => {
    expect(fileAttributes({ cleanup: true, executable: false })).toEqual({
      kind: "file",
      owner: undefined,
      cleanup: "0",
      exec: "0",
    });
  });
});

describe("decodeRecord", () => {
  it("round-trips an inline file record", () => {
    const record = decodeRecord(
      "f1",
      asItem({
        ...fileAttributes({ jobId: "j", cleanup: true, executable: true }),
        ...contentAttributes(INLINE),
      }),
    );
    expect(record).toEqual({
      itemName: "f1",
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
    const record = decodeRecord("shared:x", asItem({ kind: "shared", ...contentAttributes(IN_S3) }));
    expect(record).toMatchObject({ kind: "shared", key: "files/f/v2", encrypted: true, size: 1000 });
    expect(record?.inline).toBeUndefined();
  });

  it("decodes an empty inline file as zero inline bytes", () => {
    const empty: StoredContent = {
      version: "v",
      checksum: "c",
      size: 0,
      encrypted: false,
      inline: Buffer.alloc(0),
    };
    const record = decodeRecord("f", asItem({ kind: "file", ...contentAttributes(empty) }));
    expect(record?.inline).toEqual(Buffer.alloc(0));
    expect(record?.key).toBeUndefined();
  });

  it("reads the read flag of log messages", () => {
    expect(
      decodeRecord("log:1", asItem({ kind: "log", read: "1", ...contentAttributes(INLINE) }))?.read,
    ).toBe(true);
  });

  it("an absent item decodes to undefined", () => {
    expect(decodeRecord("f", new Map())).toBeUndefined();
  });

  it("an item without a version decodes to undefined", () => {
    expect(decodeRecord("f", asItem({ kind: "file", size: "3" }))).toBeUndefined();
  });

  it("an item of an unknown kind decodes to undefined", () => {
    expect(decodeRecord("f", asItem({ kind: "job", ...contentAttributes(INLINE) }))).toBeUndefined();
  });
});
