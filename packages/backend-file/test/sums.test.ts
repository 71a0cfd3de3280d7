import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileInfo, JobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { freshStore } from "./fixture.js";

async function listed(store: JobStore): Promise<FileInfo[]> {
  const out: FileInfo[] = [];
  for await (const info of store.listFiles()) out.push(info);
  return out;
}

describe("recorded sums", () => {
  it("records and lists the SHA-256 of content up to 1 MiB", async () => {
    const { store } = await freshStore();
    const bytes = Buffer.alloc(1024 * 1024, 5);
    const fileId = await store.writeFileStream((w) => w.end(bytes));
    const [info] = await listed(store);
    expect(info?.fileId).toBe(fileId);
    expect(info?.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
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
