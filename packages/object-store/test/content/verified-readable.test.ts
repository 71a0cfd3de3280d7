import { createHash, randomBytes } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import { encryptBuffer } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { VerifiedReadable } from "../../src/content/verified-readable.js";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function chunked(data: Buffer, size = 1000): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

describe("VerifiedReadable", () => {
  it("passes plaintext whose SHA-256 and size are the recorded ones", async () => {
    const data = randomBytes(10_000);
    const out = await readAll(
      new VerifiedReadable(chunked(data), undefined, sha(data), data.length, "f", "test"),
    );
    expect(out.equals(data)).toBe(true);
  });

  it("errors with CHECKSUM_MISMATCH on other content of the same size", async () => {
    const data = randomBytes(10_000);
    const stream = new VerifiedReadable(
      chunked(data),
      undefined,
      sha(randomBytes(10_000)),
      data.length,
      "f",
      "test",
    );
    await expect(readAll(stream)).rejects.toMatchObject({ code: "JOBSTORE_CHECKSUM_MISMATCH" });
  });

  it("errors with CHECKSUM_MISMATCH on a short read", async () => {
    const data = randomBytes(10_000);
    const stream = new VerifiedReadable(
      chunked(data.subarray(0, 9_000)),
      undefined,
      sha(data),
      data.length,
      "f",
      "test",
    );
    await expect(readAll(stream)).rejects.toMatchObject({ code: "JOBSTORE_CHECKSUM_MISMATCH" });
  });

  it("passes empty content recorded with the SHA-256 of nothing", async () => {
    const empty = Buffer.alloc(0);
    const out = await readAll(new VerifiedReadable(chunked(empty), undefined, sha(empty), 0, "f", "test"));
    expect(out).toHaveLength(0);
  });

  it("errors with CHECKSUM_MISMATCH on a size mismatch even when no checksum was recorded", async () => {
    const stream = new VerifiedReadable(chunked(Buffer.from("abc")), undefined, "", 4, "f", "test");
    await expect(readAll(stream)).rejects.toMatchObject({ code: "JOBSTORE_CHECKSUM_MISMATCH" });
  });

  it("errors with CHECKSUM_MISMATCH when one byte differs, naming the file", async () => {
    const data = randomBytes(1000);
    const corrupted = Buffer.from(data);
    corrupted[500] = (corrupted[500] ?? 0) ^ 1;
    const stream = new VerifiedReadable(
      chunked(corrupted, 300),
      undefined,
      sha(data),
      1000,
      "file f-1",
      "test",
    );
    await expect(readAll(stream)).rejects.toMatchObject({
      code: "JOBSTORE_CHECKSUM_MISMATCH",
      message: expect.stringContaining("file f-1"),
    });
  });

  it("decrypts and verifies encrypted content, and rejects it tampered", async () => {
    const key = randomBytes(32);
    const data = randomBytes(70_000);
    const stored = encryptBuffer(key, data, { backend: "s3" });
    const out = await readAll(
      new VerifiedReadable(chunked(stored, 777), key, sha(data), data.length, "f", "test"),
    );
    expect(out.equals(data)).toBe(true);
    stored[100] = (stored[100] ?? 0) ^ 1;
    const bad = new VerifiedReadable(chunked(stored, 777), key, sha(data), data.length, "f", "test");
    await expect(readAll(bad)).rejects.toMatchObject({ code: "JOBSTORE_CHECKSUM_MISMATCH" });
  });

  it("pauses the stored stream while the reader does not read, so buffering stays bounded", async () => {
    const stored = new PassThrough();
    const stream = new VerifiedReadable(stored, undefined, "", 64 * 65536, "f", "test");
    stream.on("readable", () => undefined); // start flowing into the buffer, but never read
    for (let i = 0; i < 64; i++) stored.write(Buffer.alloc(65536));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stream.readableLength).toBeLessThanOrEqual(2 * 1024 * 1024);
    expect(stored.isPaused()).toBe(true);
    stream.destroy();
  });

  it("destroying it destroys the stored stream (frees the socket)", async () => {
    const stored = new PassThrough();
    const stream = new VerifiedReadable(stored, undefined, "", 10, "f", "test");
    stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stored.destroyed).toBe(true);
  });
});
