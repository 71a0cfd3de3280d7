import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import * as zlib from "node:zlib";
import type { FileInfo, JobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { freshStore } from "./fixture.js";

const crc32Of = (bytes: Buffer) => (zlib as unknown as { crc32: (data: Uint8Array) => number }).crc32(bytes);

async function listed(store: JobStore): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  for await (const info of store.listFiles()) out.push(info);
  return out;
}

describe("recorded sums", () => {
  it("records only the size and CRC-32 of small content, and lists no SHA-256 for it", async () => {
    const { store, path } = await freshStore();
    const bytes = Buffer.alloc(64 * 1024, 5);
    const fileId = await store.writeFileStream((w) => w.end(bytes));
    const header = (await readFile(join(path, "files", fileId))).toString("utf8").split("\n")[0]!;
    const record = JSON.parse(header) as Record<string, unknown>;
    expect(record.sha256).toBeUndefined();
    expect(record.crc32).toBe(crc32Of(bytes));
    const [info] = await listed(store);
    expect(info?.fileId).toBe(fileId);
    expect(info?.sha256).toBeUndefined();
  });

  it("lists the SHA-256 a record written before carries, and verifies it by the CRC-32", async () => {
    const { store, path } = await freshStore();
    const bytes = Buffer.alloc(1000, 9);
    const fileId = await store.writeFileStream((w) => w.end(bytes));
    const recordPath = join(path, "files", fileId);
    const [header, ...body] = (await readFile(recordPath)).toString("latin1").split("\n");
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const older = JSON.stringify({ ...JSON.parse(header!), sha256 });
    await writeFile(recordPath, Buffer.from([older, ...body].join("\n"), "latin1"));
    const [info] = await listed(store);
    expect(info?.sha256).toBe(sha256);
    expect((await buffer(await store.readFileStream(fileId))).equals(bytes)).toBe(true);
  });

  it("records only the size and CRC-32 of larger content, and still verifies it", async () => {
    const { store, path } = await freshStore();
    const bytes = Buffer.alloc(1024 * 1024 + 1, 6);
    const fileId = await store.writeFileStream((w) => w.end(bytes));
    const record = JSON.parse(await readFile(join(path, "files", fileId), "utf8")) as Record<string, unknown>;
    expect(record.sha256).toBeUndefined();
    expect(typeof record.crc32).toBe("number");
    const [info] = await listed(store);
    expect(info?.sha256).toBeUndefined();
    expect(info?.size).toBe(bytes.length);
    const chunks: Buffer[] = [];
    for await (const chunk of await store.readFileStream(fileId)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(await readdir(join(path, "content"))).toHaveLength(1);
  });
});
