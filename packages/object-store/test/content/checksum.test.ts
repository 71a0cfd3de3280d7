import { createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ChecksumTap, sha256Hex } from "../../src/content/checksum.js";

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("ChecksumTap", () => {
  it("digests to the SHA-256 hex and byte count of everything it saw, whatever the chunking", () => {
    const data = randomBytes(10_000);
    const tap = new ChecksumTap();
    tap.update(data.subarray(0, 1));
    tap.update(data.subarray(1, 4097));
    tap.update(data.subarray(4097));
    expect(tap.digest()).toEqual({
      checksum: createHash("sha256").update(data).digest("hex"),
      size: data.length,
    });
  });

  it("digests an empty input to the SHA-256 of nothing and size 0", () => {
    expect(new ChecksumTap().digest()).toEqual({ checksum: EMPTY_SHA256, size: 0 });
  });

  it("sha256Hex of an empty buffer is the well-known empty digest", () => {
    expect(sha256Hex(Buffer.alloc(0))).toBe(EMPTY_SHA256);
  });
});
