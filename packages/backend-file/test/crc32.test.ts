import { randomBytes } from "node:crypto";
import * as zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32, crc32Source } from "../src/storage/crc32.js";

const zlibCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

describe("the CRC-32 that records and reads use", () => {
  it("is the native one on linux x64 (the binary the package ships for it loads)", () => {
    if (process.platform === "linux" && process.arch === "x64") expect(crc32Source).toBe("@node-rs/crc32");
    else expect(crc32Source).not.toBe("none");
  });

  it("equals zlib's CRC-32 of the same bytes, whole and fed in pieces (stores written before still verify)", () => {
    expect(zlibCrc32).toBeDefined();
    for (const size of [0, 1, 7, 4096, 65_537, 1_048_576 + 3]) {
      const data = randomBytes(size);
      const whole = crc32!(data);
      expect(whole).toBe(zlibCrc32!(data));
      let pieces = 0;
      for (let at = 0; at < size; at += 1000) pieces = crc32!(data.subarray(at, at + 1000), pieces);
      expect(pieces).toBe(whole);
    }
  });

  it('gives the known check value of the CRC-32 ("123456789" → 0xcbf43926)', () => {
    expect(crc32!(Buffer.from("123456789"))).toBe(0xcbf43926);
  });
});
