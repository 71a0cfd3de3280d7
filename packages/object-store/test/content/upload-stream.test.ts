import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { uploadStream } from "../../src/content/upload-stream.js";
import type { ObjectStore, UploadedPart } from "../../src/object-store.js";

const PART = 2 * 1024 * 1024;

interface Sent {
  op: string;
  partNumber?: number;
  body?: Buffer;
  parts?: readonly UploadedPart[];
}

/**
 * An in-memory stand-in for the upload operations of an object store, recording each call; `failPart`
 * makes that part's upload reject. Only the uploader's own logic is under test here: the adapters'
 * uploads run against real servers in their packages.
 */
function recordingStore(options: { failPart?: number; delayMs?: number } = {}) {
  const sent: Sent[] = [];
  const stored: Buffer[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const store: Partial<ObjectStore> = {
    async put(_key, body) {
      sent.push({ op: "put", body: Buffer.from(body) });
      stored[0] = Buffer.from(body);
      return { written: true, tag: "t" };
    },
    async beginUpload() {
      sent.push({ op: "beginUpload" });
      return "u1";
    },
    async uploadPart(_key, _id, partNumber, body) {
      // Copy the body now: the uploader reuses part buffers once a request settles.
      const copy = Buffer.from(body);
      sent.push({ op: "uploadPart", partNumber, body: copy });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 1));
      inFlight--;
      if (partNumber === options.failPart)
        throw Object.assign(new Error("part failed"), { name: "InternalError" });
      stored[partNumber - 1] = copy;
      return { partNumber, tag: `e${partNumber}` };
    },
    async completeUpload(_key, _id, parts) {
      sent.push({ op: "completeUpload", parts });
      return { written: true, tag: "t" };
    },
    async abortUpload() {
      sent.push({ op: "abortUpload" });
    },
    async *listUploads() {
      sent.push({ op: "listUploads" });
      yield [];
    },
  };
  return { store: store as ObjectStore, sent, stored, maxInFlight: () => maxInFlight };
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

const ops = (sent: Sent[]) => sent.map((s) => s.op);

describe("uploadStream", () => {
  it("content of exactly one part is a single put of its bytes", async () => {
    const s = recordingStore();
    const data = randomBytes(PART);
    await uploadStream(s.store, "k", chunked(data, 65_536), { partSize: PART, buffers: 2 });
    expect(ops(s.sent)).toEqual(["put"]);
    expect(s.sent[0]?.body?.length).toBe(PART);
    expect(s.stored[0]?.equals(data)).toBe(true);
  });

  it("a small object is a single put", async () => {
    const s = recordingStore();
    const data = randomBytes(1000);
    await uploadStream(s.store, "k", chunked(data, 100), { partSize: PART, buffers: 2 });
    expect(ops(s.sent)).toEqual(["put"]);
    expect(s.stored[0]?.equals(data)).toBe(true);
  });

  it("one byte over a part is a multipart upload of a full part and a 1-byte part", async () => {
    const s = recordingStore();
    const data = randomBytes(PART + 1);
    await uploadStream(s.store, "k", chunked(data, 300_000), { partSize: PART, buffers: 2 });
    expect(ops(s.sent)).toEqual(["beginUpload", "uploadPart", "uploadPart", "completeUpload"]);
    expect(s.sent.filter((c) => c.op === "uploadPart").map((c) => c.body?.length)).toEqual([PART, 1]);
    expect(Buffer.concat(s.stored).equals(data)).toBe(true);
  });

  it("parts reassemble to the content and complete lists them in order", async () => {
    const s = recordingStore({ delayMs: 5 });
    const data = randomBytes(5 * PART + 12_345);
    await uploadStream(s.store, "k", chunked(data, 1_000_003), { partSize: PART, buffers: 3 });
    expect(Buffer.concat(s.stored).equals(data)).toBe(true);
    expect(s.sent.at(-1)?.parts?.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("never has more parts in flight than buffers", async () => {
    const s = recordingStore({ delayMs: 10 });
    await uploadStream(s.store, "k", chunked(randomBytes(8 * PART), 500_000), { partSize: PART, buffers: 2 });
    expect(s.maxInFlight()).toBeLessThanOrEqual(2);
    expect(s.maxInFlight()).toBeGreaterThanOrEqual(1);
  });

  it("a failed part aborts the multipart upload (after listing others of the key) and rejects", async () => {
    const s = recordingStore({ failPart: 2 });
    const upload = uploadStream(s.store, "k", chunked(randomBytes(4 * PART), 65_536), {
      partSize: PART,
      buffers: 2,
    });
    await expect(upload).rejects.toMatchObject({ name: "InternalError" });
    expect(ops(s.sent).slice(-2)).toEqual(["listUploads", "abortUpload"]);
    expect(ops(s.sent)).not.toContain("completeUpload");
  });

  it("a failing source aborts the multipart upload and rejects with the source's error", async () => {
    const s = recordingStore();
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(PART);
      yield randomBytes(PART);
      throw new Error("source broke");
    }
    await expect(uploadStream(s.store, "k", broken(), { partSize: PART, buffers: 2 })).rejects.toThrow(
      "source broke",
    );
    expect(ops(s.sent).at(-1)).toBe("abortUpload");
  });

  it("a source failing within the first part sends nothing", async () => {
    const s = recordingStore();
    async function* broken(): AsyncGenerator<Buffer> {
      yield randomBytes(1000);
      throw new Error("early");
    }
    await expect(uploadStream(s.store, "k", broken(), { partSize: PART, buffers: 2 })).rejects.toThrow();
    expect(s.sent).toEqual([]);
  });

  it("an upload that cannot be aborted is reported to onUnaborted", async () => {
    const s = recordingStore({ failPart: 1 });
    s.store.abortUpload = async () => {
      throw new Error("abort refused");
    };
    const unaborted: string[] = [];
    await expect(
      uploadStream(s.store, "k", chunked(randomBytes(2 * PART + 1), 65_536), {
        partSize: PART,
        buffers: 2,
        onUnaborted: (upload) => unaborted.push(`${upload.key} ${upload.uploadId}`),
      }),
    ).rejects.toThrow("part failed");
    expect(unaborted).toEqual(["k u1"]);
  });
});
