import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { ChecksumTap, createChecksumVerifier, sha256Hex } from "../../src/content/checksum.js";

const LABEL = "file test-id";
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function through(pieces: Buffer[], checksum: string, size: number): Promise<Buffer> {
  return collect(
    Readable.from(pieces, { objectMode: false }).pipe(createChecksumVerifier(checksum, size, LABEL)),
  );
}

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

describe("createChecksumVerifier", () => {
  it("passes matching content through unchanged", async () => {
    const data = randomBytes(70_000);
    const out = await through(
      [data.subarray(0, 12_345), data.subarray(12_345)],
      sha256Hex(data),
      data.length,
    );
    expect(out.equals(data)).toBe(true);
  });

  it("passes empty content with the empty digest", async () => {
    expect(await through([], EMPTY_SHA256, 0)).toHaveLength(0);
  });

  it("errors with JOBSTORE_CHECKSUM_MISMATCH when one byte differs", async () => {
    const data = randomBytes(1000);
    const expected = sha256Hex(data);
    const corrupted = Buffer.from(data);
    corrupted[500]! ^= 0x01;
    await expect(through([corrupted], expected, data.length)).rejects.toMatchObject({
      code: "JOBSTORE_CHECKSUM_MISMATCH",
    });
  });

  it("errors with JOBSTORE_CHECKSUM_MISMATCH when content is truncated", async () => {
    const data = randomBytes(1000);
    await expect(through([data.subarray(0, 999)], sha256Hex(data), data.length)).rejects.toMatchObject({
      code: "JOBSTORE_CHECKSUM_MISMATCH",
    });
  });

  it("errors with JOBSTORE_CHECKSUM_MISMATCH on a size mismatch even without a recorded checksum", async () => {
    await expect(through([Buffer.from("abc")], "", 4)).rejects.toMatchObject({
      code: "JOBSTORE_CHECKSUM_MISMATCH",
    });
  });

  it("accepts any content of the right size when no checksum is recorded", async () => {
    expect((await through([Buffer.from("abc")], "", 3)).toString()).toBe("abc");
  });
});
