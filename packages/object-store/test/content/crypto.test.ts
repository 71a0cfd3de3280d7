import { randomBytes } from "node:crypto";
import { isJobStoreError } from "@jobstore/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decryptBuffer,
  ENCRYPTION_OVERHEAD,
  encryptBuffer,
  GcmDecryptor,
  GcmEncryptor,
  IV_BYTES,
  TAG_BYTES,
} from "../../src/content/crypto.js";

const LABEL = "file test-id";

function newKey(): Buffer {
  return randomBytes(32);
}

/** Splits `data` at the given cut points (sorted, deduplicated, clipped to the data). */
function split(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    pieces.push(data.subarray(start, point));
    start = point;
  }
  pieces.push(data.subarray(start));
  return pieces;
}

describe("AES-256-GCM buffers", () => {
  it("encryptBuffer output is IV, ciphertext and tag: plaintext length plus 28 bytes", () => {
    const plain = Buffer.from("hello, world");
    expect(encryptBuffer(newKey(), plain)).toHaveLength(plain.length + ENCRYPTION_OVERHEAD);
  });

  it("decryptBuffer returns what encryptBuffer was given", () => {
    const key = newKey();
    const plain = randomBytes(1000);
    expect(decryptBuffer(key, encryptBuffer(key, plain), LABEL).equals(plain)).toBe(true);
  });

  it("an empty plaintext round-trips and is stored as IV and tag only", () => {
    const key = newKey();
    const stored = encryptBuffer(key, Buffer.alloc(0));
    expect(stored).toHaveLength(IV_BYTES + TAG_BYTES);
    expect(decryptBuffer(key, stored, LABEL)).toHaveLength(0);
  });

  it("two encryptions of the same plaintext differ (fresh IV each time)", () => {
    const key = newKey();
    const plain = Buffer.from("same");
    expect(encryptBuffer(key, plain).equals(encryptBuffer(key, plain))).toBe(false);
  });

  it("a flipped ciphertext bit fails with JOBSTORE_CHECKSUM_MISMATCH", () => {
    const key = newKey();
    const stored = encryptBuffer(key, Buffer.from("secret content"));
    stored[IV_BYTES + 2]! ^= 0x01;
    expect(() => decryptBuffer(key, stored, LABEL)).toThrow(
      expect.objectContaining({ code: "JOBSTORE_CHECKSUM_MISMATCH" }),
    );
  });

  it("a flipped tag bit fails with JOBSTORE_CHECKSUM_MISMATCH", () => {
    const key = newKey();
    const stored = encryptBuffer(key, Buffer.from("secret content"));
    stored[stored.length - 1]! ^= 0x80;
    expect(() => decryptBuffer(key, stored, LABEL)).toThrow(
      expect.objectContaining({ code: "JOBSTORE_CHECKSUM_MISMATCH" }),
    );
  });

  it("a different key fails with JOBSTORE_CHECKSUM_MISMATCH", () => {
    const stored = encryptBuffer(newKey(), Buffer.from("secret content"));
    expect(() => decryptBuffer(newKey(), stored, LABEL)).toThrow(
      expect.objectContaining({ code: "JOBSTORE_CHECKSUM_MISMATCH" }),
    );
  });

  it("input shorter than IV and tag fails with JOBSTORE_CHECKSUM_MISMATCH", () => {
    expect(() => decryptBuffer(newKey(), randomBytes(IV_BYTES + TAG_BYTES - 1), LABEL)).toThrow(
      expect.objectContaining({ code: "JOBSTORE_CHECKSUM_MISMATCH" }),
    );
  });

  it("a truncated ciphertext fails with JOBSTORE_CHECKSUM_MISMATCH", () => {
    const key = newKey();
    const stored = encryptBuffer(key, randomBytes(100));
    expect(() => decryptBuffer(key, stored.subarray(0, stored.length - 1), LABEL)).toThrow(
      expect.objectContaining({ code: "JOBSTORE_CHECKSUM_MISMATCH" }),
    );
  });

  it("a key that is not 32 bytes is rejected with JOBSTORE_ENCRYPTION", () => {
    let caught: unknown;
    try {
      new GcmEncryptor(randomBytes(16));
    } catch (err) {
      caught = err;
    }
    expect(isJobStoreError(caught, "JOBSTORE_ENCRYPTION")).toBe(true);
  });
});

describe("AES-256-GCM incremental", () => {
  it("any chunking of plaintext and ciphertext round-trips", () => {
    const key = newKey();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (bytes, plainCuts, storedCuts) => {
          const plain = Buffer.from(bytes);
          const enc = new GcmEncryptor(key);
          const stored = Buffer.concat([...split(plain, plainCuts).map((p) => enc.update(p)), enc.final()]);
          const dec = new GcmDecryptor(key, LABEL);
          const back = Buffer.concat([...split(stored, storedCuts).map((p) => dec.update(p)), dec.final()]);
          expect(back.equals(plain)).toBe(true);
        },
      ),
    );
  });

  it("the decryptor never releases the last 16 bytes before final()", () => {
    const key = newKey();
    const plain = randomBytes(64);
    const stored = encryptBuffer(key, plain);
    const dec = new GcmDecryptor(key, LABEL);
    const released = dec.update(stored);
    expect(released.equals(plain)).toBe(true);
    expect(dec.final()).toHaveLength(0);
  });

  it("a chunk split inside the IV is handled", () => {
    const key = newKey();
    const plain = randomBytes(50);
    const stored = encryptBuffer(key, plain);
    const dec = new GcmDecryptor(key, LABEL);
    const parts = [
      dec.update(stored.subarray(0, 5)),
      dec.update(stored.subarray(5, 20)),
      dec.update(stored.subarray(20)),
      dec.final(),
    ];
    expect(Buffer.concat(parts).equals(plain)).toBe(true);
  });
});
