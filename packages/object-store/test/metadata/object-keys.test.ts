import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeKeyPart,
  encodeKeyPart,
  FILES_PREFIX,
  fileIdOfKey,
  fileRecordKey,
  groupedOwner,
  jobFilesPrefix,
  jobIdOfKey,
  jobKey,
  MAX_ID_BYTES,
  MAX_KEY_BYTES,
  MAX_SHARED_NAME_BYTES,
  newGroupedFileId,
  ownedKey,
  sharedKey,
  sharedNameOfKey,
} from "../../src/metadata/objects/object-keys.js";

const wellFormed = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
const keyBytes = (key: string) => Buffer.byteLength(key, "utf8");

describe("key segments", () => {
  it("encode to letters, digits, _ - and %XX only, and decode back", () => {
    fc.assert(
      fc.property(wellFormed, (id) => {
        const part = encodeKeyPart(id);
        expect(part).toMatch(/^(?:[A-Za-z0-9_-]|%[0-9A-F]{2})+$/);
        expect(decodeKeyPart(part)).toBe(id);
      }),
    );
  });

  it("never make . or .. segments or slashes", () => {
    expect(encodeKeyPart(".")).toBe("%2E");
    expect(encodeKeyPart("..")).toBe("%2E%2E");
    expect(encodeKeyPart("a/b")).toBe("a%2Fb");
  });

  it("reject segments the encoder cannot produce", () => {
    expect(decodeKeyPart("a.b")).toBeUndefined();
    expect(decodeKeyPart("%2e")).toBeUndefined();
    expect(decodeKeyPart("%41")).toBeUndefined();
    expect(decodeKeyPart("%FF")).toBeUndefined();
  });
});

describe("file record keys", () => {
  it("group the IDs newGroupedFileId makes under their job", () => {
    const id = newGroupedFileId("job/1", randomUUID());
    expect(groupedOwner(id)).toBe("job/1");
    expect(fileRecordKey(id).startsWith(jobFilesPrefix("job/1"))).toBe(true);
    expect(fileIdOfKey(fileRecordKey(id))).toBe(id);
  });

  it("keep every other ID in one flat segment, and map keys back to IDs", () => {
    fc.assert(
      fc.property(wellFormed, (id) => {
        const key = fileRecordKey(id);
        expect(fileIdOfKey(key)).toBe(id);
        if (groupedOwner(id) === undefined) expect(key.slice(FILES_PREFIX.length)).not.toContain("/");
      }),
    );
  });

  it("fall back to a bare UUID when the job ID leaves no room", () => {
    const jobId = "j".repeat(MAX_ID_BYTES - 10);
    const id = newGroupedFileId(jobId, randomUUID());
    expect(groupedOwner(id)).toBeUndefined();
  });

  it("fit in S3's key limit for the longest IDs of bytes that encode as %XX", () => {
    const worst = "\u00e9".repeat(MAX_ID_BYTES / 2);
    expect(keyBytes(worst)).toBeLessThanOrEqual(MAX_ID_BYTES);
    expect(keyBytes(fileRecordKey(worst))).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(keyBytes(fileRecordKey(".".repeat(MAX_ID_BYTES)))).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(keyBytes(jobKey(".".repeat(MAX_ID_BYTES)))).toBeLessThanOrEqual(MAX_KEY_BYTES);
    expect(keyBytes(fileRecordKey(".".repeat(MAX_ID_BYTES + 1)))).toBeGreaterThan(MAX_KEY_BYTES);
    expect(keyBytes(ownedKey("x".repeat(MAX_ID_BYTES), "y".repeat(MAX_ID_BYTES)))).toBeLessThan(200);
    expect(keyBytes(sharedKey(".".repeat(MAX_SHARED_NAME_BYTES)))).toBeLessThanOrEqual(MAX_KEY_BYTES);
  });
});

describe("job and shared-file keys", () => {
  it("map back to their ID or name", () => {
    fc.assert(
      fc.property(wellFormed, (id) => {
        expect(jobIdOfKey(jobKey(id))).toBe(id);
      }),
    );
    expect(sharedNameOfKey(sharedKey("config.json"))).toBe("config.json");
    expect(jobIdOfKey(sharedKey("a"))).toBeUndefined();
  });
});
