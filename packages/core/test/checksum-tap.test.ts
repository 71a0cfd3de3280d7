import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ChecksumTap, sha256Hex } from "../src/index.js";

describe("ChecksumTap", () => {
  it("reports the SHA-256 and byte count of everything that passed, however it was cut", () => {
    const bytes = Buffer.from("the quick brown fox jumps over the lazy dog");
    const tap = new ChecksumTap();
    tap.update(bytes.subarray(0, 10));
    tap.update(new Uint8Array(bytes.subarray(10)));
    expect(tap.digest()).toEqual({
      checksum: createHash("sha256").update(bytes).digest("hex"),
      size: bytes.length,
    });
  });

  it("sha256Hex equals the tap's checksum over the same bytes", () => {
    const tap = new ChecksumTap();
    tap.update(Buffer.from("abc"));
    expect(sha256Hex(Buffer.from("abc"))).toBe(tap.digest().checksum);
    expect(sha256Hex(Buffer.alloc(0))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });
});
