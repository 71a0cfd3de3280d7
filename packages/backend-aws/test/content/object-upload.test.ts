import { randomBytes } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { uploadObject } from "../../src/content/object-upload.js";

const PART = 2 * 1024 * 1024;

interface Sent {
  name: string;
  input: {
    PartNumber?: number;
    Body?: Buffer;
    ContentLength?: number;
    MultipartUpload?: { Parts: { PartNumber: number }[] };
  };
}

/** A stand-in S3 client that records each command; `failPart` makes that UploadPart reject. */
function fakeS3(options: { failPart?: number; delayMs?: number } = {}) {
  const sent: Sent[] = [];
  const stored: Buffer[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const client = {
    async send(command: { constructor: { name: string }; input: Sent["input"] }) {
      const name = command.constructor.name;
      // Copy the body now: the uploader reuses part buffers once a request settles.
      const body = command.input.Body ? Buffer.from(command.input.Body) : undefined;
      sent.push({ name, input: { ...command.input, ...(body ? { Body: body } : {}) } });
      if (name === "CreateMultipartUploadCommand") return { UploadId: "u1" };
      if (name === "UploadPartCommand") {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
        inFlight--;
        if (command.input.PartNumber === options.failPart)
          throw Object.assign(new Error("part failed"), { name: "InternalError" });
        stored[command.input.PartNumber! - 1] = body!;
        return { ETag: `"e${command.input.PartNumber}"` };
      }
      if (name === "PutObjectCommand") stored[0] = body!;
      return {};
    },
  };
  return { client: client as unknown as S3Client, sent, stored, maxInFlight: () => maxInFlight };
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

const names = (sent: Sent[]) => sent.map((s) => s.name.replace(/Command$/, ""));

describe("uploadObject", () => {
  it("content of exactly one part is a single PutObject with its length", async () => {
    const s3 = fakeS3();
    const data = randomBytes(PART);
    await uploadObject(s3.client, chunked(data, 65_536), {
      bucket: "b",
      key: "k",
      partSize: PART,
      buffers: 2,
    });
    expect(names(s3.sent)).toEqual(["PutObject"]);
    expect(s3.sent[0]?.input.ContentLength).toBe(PART);
    expect(s3.stored[0]?.equals(data)).toBe(true);
  });

  it("a small object is a single PutObject", async () => {
    const s3 = fakeS3();
    const data = randomBytes(1000);
    await uploadObject(s3.client, chunked(data, 100), { bucket: "b", key: "k", partSize: PART, buffers: 2 });
    expect(names(s3.sent)).toEqual(["PutObject"]);
    expect(s3.stored[0]?.equals(data)).toBe(true);
  });

  it("one byte over a part is a multipart upload of a full part and a 1-byte part", async () => {
    const s3 = fakeS3();
    const data = randomBytes(PART + 1);
    await uploadObject(s3.client, chunked(data, 300_000), {
      bucket: "b",
      key: "k",
      partSize: PART,
      buffers: 2,
    });
    expect(names(s3.sent)).toEqual([
      "CreateMultipartUpload",
      "UploadPart",
      "UploadPart",
      "CompleteMultipartUpload",
    ]);
    expect(s3.sent.filter((s) => s.name === "UploadPartCommand").map((s) => s.input.ContentLength)).toEqual([
      PART,
      1,
    ]);
    expect(Buffer.concat(s3.stored).equals(data)).toBe(true);
  });

  it("parts reassemble to the content and complete lists them in order", async () => {
    const s3 = fakeS3({ delayMs: 5 });
    const data = randomBytes(5 * PART + 12_345);
    await uploadObject(s3.client, chunked(data, 1_000_003), {
      bucket: "b",
      key: "k",
      partSize: PART,
      buffers: 3,
    });
    expect(Buffer.concat(s3.stored).equals(data)).toBe(true);
    const complete = s3.sent.at(-1);
    expect(complete?.input.MultipartUpload?.Parts.map((p) => p.PartNumber)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("never has more parts in flight than buffers", async () => {
    const s3 = fakeS3({ delayMs: 10 });
    await uploadObject(s3.client, chunked(randomBytes(8 * PART), 500_000), {
      bucket: "b",
      key: "k",
      partSize: PART,
      buffers: 2,
    });
    expect(s3.maxInFlight()).toBeLessThanOrEqual(2);
    expect(s3.maxInFlight()).toBeGreaterThanOrEqual(1);
  });

  it("a failed part aborts the multipart upload and rejects", async () => {
    const s3 = fakeS3({ failPart: 2 });
    const upload = uploadObject(s3.client, chunked(randomBytes(4 * PART), 65_536), {
      bucket: "b",
      key: "k",
      partSize: PART,
      buffers: 2,
    });
    await expect(upload).rejects.toMatchObject({ name: "InternalError" });
    expect(names(s3.sent)).toContain("AbortMultipartUpload");
    expect(names(s3.sent)).not.toContain("CompleteMultipartUpload");
  });

  it("a failing source aborts the multipart upload and rejects with the source's error", async () => {
    const s3 = fakeS3();
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(PART);
      yield randomBytes(PART);
      throw new Error("source broke");
    }
    await expect(
      uploadObject(s3.client, broken(), { bucket: "b", key: "k", partSize: PART, buffers: 2 }),
    ).rejects.toThrow("source broke");
    expect(names(s3.sent).at(-1)).toBe("AbortMultipartUpload");
  });

  it("a source failing within the first part sends nothing", async () => {
    const s3 = fakeS3();
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(1000);
      throw new Error("early");
    }
    await expect(
      uploadObject(s3.client, broken(), { bucket: "b", key: "k", partSize: PART, buffers: 2 }),
    ).rejects.toThrow();
    expect(s3.sent).toEqual([]);
  });
});
