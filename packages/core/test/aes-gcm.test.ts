import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { pipeline } from "node:stream/promises";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encryptorWithIv } from "../src/codec/aes-gcm.js";
import {
  createDecryptStream,
  decryptBuffer,
  ENCRYPTION_OVERHEAD,
  encryptBuffer,
  GcmDecryptor,
  GcmEncryptor,
  isJobStoreError,
} from "../src/index.js";

interface Vectors {
  key: string;
  vectors: { writer: string; size: number; stored: string }[];
}

// Content written by the backends' own AES-256-GCM code before the codec replaced it: stores written then
// must still read.
const legacy = JSON.parse(
  readFileSync(new URL("./fixtures/aes-gcm-vectors.json", import.meta.url), "utf8"),
) as Vectors;
const legacyKey = Buffer.from(legacy.key, "hex");
const plaintext = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + 7) & 255));

// McGrew & Viega, "The Galois/Counter Mode of Operation", test case 15 (AES-256, 96-bit IV, no AAD).
const TC15 = {
  key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
  iv: "cafebabefacedbaddecaf888",
  plain:
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
  cipher:
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
  tag: "b094dac5d93471bdec1a502270e3cc6c",
};

const OPTIONS = { backend: "test", label: "file f1" };
const key = () => Buffer.alloc(32, 9);

function collectPieces(run: (emit: (b: Buffer) => void) => void): Buffer {
  const pieces: Buffer[] = [];
  run((b) => pieces.push(b));
  return Buffer.concat(pieces);
}

/** Feeds `stored` to a decryptor in pieces of `step` bytes. */
function decryptInPieces(k: Buffer, stored: Buffer, step: number): Buffer {
  const dec = new GcmDecryptor(k, OPTIONS);
  return collectPieces((emit) => {
    for (let i = 0; i < stored.length; i += step) dec.update(stored.subarray(i, i + step), emit);
    dec.final(emit);
  });
}

async function decryptStream(k: Buffer, stored: Buffer, step: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < stored.length; i += step) chunks.push(stored.subarray(i, i + step));
  const out: Buffer[] = [];
  await pipeline(Readable.from(chunks), createDecryptStream(k, OPTIONS), async (source) => {
    for await (const chunk of source) out.push(chunk as Buffer);
  });
  return Buffer.concat(out);
}

async function codeOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (err) {
    return isJobStoreError(err) ? err.code : `not a JobStoreError: ${String(err)}`;
  }
  return undefined;
}

describe("format: IV ‖ ciphertext ‖ tag", () => {
  it("encrypts the published AES-256-GCM test vector to exactly IV ‖ ciphertext ‖ tag", () => {
    const enc = encryptorWithIv(Buffer.from(TC15.key, "hex"), Buffer.from(TC15.iv, "hex"), OPTIONS);
    const plain = Buffer.from(TC15.plain, "hex");
    const stored = collectPieces((emit) => {
      enc.update(plain.subarray(0, 7), emit);
      enc.update(plain.subarray(7), emit);
      enc.final(emit);
    });
    expect(stored.toString("hex")).toBe(TC15.iv + TC15.cipher + TC15.tag);
  });

  it("decrypts the published test vector in both forms", async () => {
    const stored = Buffer.from(TC15.iv + TC15.cipher + TC15.tag, "hex");
    const k = Buffer.from(TC15.key, "hex");
    expect(decryptBuffer(k, stored, OPTIONS).toString("hex")).toBe(TC15.plain);
    expect((await decryptStream(k, stored, 5)).toString("hex")).toBe(TC15.plain);
  });

  it("decrypts, byte for byte, content that each backend's previous code wrote", async () => {
    expect(new Set(legacy.vectors.map((v) => v.writer)).size).toBe(4);
    for (const vector of legacy.vectors) {
      const stored = Buffer.from(vector.stored, "hex");
      const want = plaintext(vector.size);
      expect(stored.length, vector.writer).toBe(vector.size + ENCRYPTION_OVERHEAD);
      expect(decryptBuffer(legacyKey, stored, OPTIONS).equals(want), vector.writer).toBe(true);
      expect((await decryptStream(legacyKey, stored, 1000)).equals(want), vector.writer).toBe(true);
    }
  });

  it("stores exactly ENCRYPTION_OVERHEAD bytes more than the plaintext, under a fresh IV each time", () => {
    const a = encryptBuffer(key(), plaintext(100), OPTIONS);
    const b = encryptBuffer(key(), plaintext(100), OPTIONS);
    expect(a.length).toBe(100 + ENCRYPTION_OVERHEAD);
    expect(a.subarray(0, 12).equals(b.subarray(0, 12))).toBe(false);
  });
});

/** Splits `data` at the given cut points (taken modulo its length + 1). */
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

describe("stream and buffer forms", () => {
  it("any cutting of the plaintext and of the stored bytes round-trips", () => {
    const k = key();
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (bytes, plainCuts, storedCuts) => {
          const plain = Buffer.from(bytes);
          const enc = new GcmEncryptor(k, OPTIONS);
          const stored = collectPieces((emit) => {
            for (const piece of split(plain, plainCuts)) enc.update(piece, emit);
            enc.final(emit);
          });
          expect(stored.length).toBe(plain.length + ENCRYPTION_OVERHEAD);
          const dec = new GcmDecryptor(k, OPTIONS);
          const back = collectPieces((emit) => {
            for (const piece of split(stored, storedCuts)) dec.update(piece, emit);
            dec.final(emit);
          });
          expect(back.equals(plain)).toBe(true);
        },
      ),
    );
  });

  it("agree on every size around the IV and tag boundaries, whatever the piece size", async () => {
    for (const size of [0, 1, 11, 12, 15, 16, 17, 28, 29, 1000, 70_001]) {
      const plain = plaintext(size);
      const enc = new GcmEncryptor(key(), OPTIONS);
      const streamed = collectPieces((emit) => {
        for (let i = 0; i < size; i += 333) enc.update(plain.subarray(i, i + 333), emit);
        enc.final(emit);
      });
      expect(decryptBuffer(key(), streamed, OPTIONS).equals(plain), `size ${size}`).toBe(true);
      const whole = encryptBuffer(key(), plain, OPTIONS);
      for (const step of [1, 7, 16, 17, 4096]) {
        if (size > 2000 && step < 16) continue; // byte-wise feeding of 70 kB proves nothing more
        expect(decryptInPieces(key(), whole, step).equals(plain), `size ${size} step ${step}`).toBe(true);
      }
      expect((await decryptStream(key(), whole, 4096)).equals(plain), `stream, size ${size}`).toBe(true);
    }
  });

  it("emits the plaintext of a large piece without copying it into a new buffer per call", () => {
    const plain = plaintext(64 * 1024);
    const stored = encryptBuffer(key(), plain, OPTIONS);
    const dec = new GcmDecryptor(key(), OPTIONS);
    const sizes: number[] = [];
    dec.update(stored.subarray(0, 30_000), (b) => sizes.push(b.length));
    dec.update(stored.subarray(30_000), (b) => sizes.push(b.length));
    dec.final((b) => sizes.push(b.length));
    // The held-back 16 bytes come out on their own, then the rest of the new piece.
    expect(sizes).toEqual([30_000 - 12 - 16, 16, stored.length - 30_000 - 16]);
  });
});

describe("failures", () => {
  it("a tampered tag, ciphertext or IV fails with JOBSTORE_CHECKSUM_MISMATCH in both forms", async () => {
    const stored = encryptBuffer(key(), plaintext(500), OPTIONS);
    for (const at of [0, 12, 300, stored.length - 1]) {
      const bad = Buffer.from(stored);
      bad[at] = (bad[at] as number) ^ 1;
      expect(await codeOf(() => decryptBuffer(key(), bad, OPTIONS)), `byte ${at}`).toBe(
        "JOBSTORE_CHECKSUM_MISMATCH",
      );
      expect(await codeOf(() => decryptStream(key(), bad, 64)), `stream, byte ${at}`).toBe(
        "JOBSTORE_CHECKSUM_MISMATCH",
      );
    }
  });

  it("input shorter than an IV and a tag fails, as does a truncated tail", async () => {
    const stored = encryptBuffer(key(), plaintext(40), OPTIONS);
    for (const bad of [
      Buffer.alloc(0),
      stored.subarray(0, 11),
      stored.subarray(0, 27),
      stored.subarray(0, 60),
    ]) {
      expect(await codeOf(() => decryptBuffer(key(), bad, OPTIONS)), `${bad.length} bytes`).toBe(
        "JOBSTORE_CHECKSUM_MISMATCH",
      );
      expect(await codeOf(() => decryptStream(key(), bad, 5)), `stream, ${bad.length} bytes`).toBe(
        "JOBSTORE_CHECKSUM_MISMATCH",
      );
    }
  });

  it("another key fails with the backend's chosen code, naming the content and the backend", () => {
    const stored = encryptBuffer(key(), plaintext(10), OPTIONS);
    const options = { ...OPTIONS, backend: "memory", failureCode: "JOBSTORE_ENCRYPTION" as const };
    let error: unknown;
    try {
      decryptBuffer(Buffer.alloc(32, 1), stored, options);
    } catch (err) {
      error = err;
    }
    expect(isJobStoreError(error) && error.code).toBe("JOBSTORE_ENCRYPTION");
    expect(isJobStoreError(error) && error.backend).toBe("memory");
    expect((error as Error).message).toContain("file f1");
  });

  it("a key that is not 32 bytes is JOBSTORE_ENCRYPTION before anything is encrypted", async () => {
    expect(await codeOf(() => new GcmEncryptor(Buffer.alloc(16), OPTIONS))).toBe("JOBSTORE_ENCRYPTION");
    expect(await codeOf(() => new GcmDecryptor(Buffer.alloc(31), OPTIONS))).toBe("JOBSTORE_ENCRYPTION");
    expect(await codeOf(() => encryptBuffer("k" as unknown as Uint8Array, Buffer.alloc(1), OPTIONS))).toBe(
      "JOBSTORE_ENCRYPTION",
    );
  });
});

describe("decrypt stream", () => {
  it("is a Transform a reader can pipe stored bytes through", async () => {
    const stored = encryptBuffer(key(), Buffer.from("hello, jobstore"), OPTIONS);
    expect(await text(Readable.from([stored]).pipe(createDecryptStream(key(), OPTIONS)))).toBe(
      "hello, jobstore",
    );
  });
});
