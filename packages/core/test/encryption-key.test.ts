import { describe, expect, it } from "vitest";
import { copyEncryptionKey, ENCRYPTION_KEY_BYTES } from "../src/index.js";

describe("copyEncryptionKey", () => {
  it("returns undefined when no key is given", () => {
    expect(copyEncryptionKey(undefined)).toBeUndefined();
  });

  it("returns a private copy that the caller's later changes do not reach", () => {
    const key = new Uint8Array(ENCRYPTION_KEY_BYTES).fill(7);
    const copy = copyEncryptionKey(key);
    key.fill(0);
    expect(copy).toEqual(Buffer.alloc(ENCRYPTION_KEY_BYTES, 7));
  });

  it("rejects a key of another length with a RangeError and a non-byte array with a TypeError", () => {
    expect(() => copyEncryptionKey(new Uint8Array(16))).toThrow(RangeError);
    expect(() => copyEncryptionKey("secret" as unknown as Uint8Array)).toThrow(TypeError);
  });
});
