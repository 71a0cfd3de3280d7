import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { JobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { createFileBackend } from "../src/index.js";
import { safeName } from "../src/storage/layout.js";
import { codeOf, freshStore, newKey } from "./fixture.js";

async function leftovers(store: JobStore): Promise<unknown[]> {
  const found: unknown[] = [];
  for await (const item of store.findLeftovers()) found.push(item);
  return found;
}

async function recordBytes(path: string, fileId: string): Promise<Buffer> {
  return readFile(join(path, "files", fileId));
}

/** Flips the last byte of a record file: with inline content, a byte of the content. */
async function damageInlineBody(path: string, fileId: string): Promise<void> {
  const bytes = await recordBytes(path, fileId);
  bytes[bytes.length - 1]! ^= 0x01;
  await writeFile(join(path, "files", fileId), bytes);
}

describe("inline content", () => {
  it("keeps small content inside its record: no content version, and it reads back", async () => {
    const { store, path } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end("small bytes"));
    expect(await readdir(join(path, "content"))).toEqual([]);
    expect((await recordBytes(path, fileId)).toString().endsWith("\nsmall bytes")).toBe(true);
    expect((await buffer(await store.readFileStream(fileId))).toString()).toBe("small bytes");
    expect(await store.getFileSize(fileId)).toBe(11);
  });

  it("hands out a small file's bytes without the record-sized buffer they were read into", async () => {
    const { store } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end(Buffer.alloc(100, 7)));
    const chunks: Buffer[] = [];
    for await (const chunk of await store.readFileStream(fileId)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(Buffer.alloc(100, 7))).toBe(true);
    // A caller keeping many small files' bytes must not keep a 72 KiB read buffer for each.
    for (const chunk of chunks) expect(chunk.buffer.byteLength).toBeLessThanOrEqual(Buffer.poolSize);
  });

  it("stores content of exactly inlineLimit bytes inline and one byte more as a content version", async () => {
    const { store, path } = await freshStore({ inlineLimit: 16 });
    const atLimit = await store.writeFileStream((w) => w.end(Buffer.alloc(16, 1)));
    expect(await readdir(join(path, "content"))).toEqual([]);
    const over = await store.writeFileStream((w) => w.end(Buffer.alloc(17, 2)));
    expect(await readdir(join(path, "content"))).toHaveLength(1);
    expect((await buffer(await store.readFileStream(atLimit))).equals(Buffer.alloc(16, 1))).toBe(true);
    expect((await buffer(await store.readFileStream(over))).equals(Buffer.alloc(17, 2))).toBe(true);
  });

  it("readFile to a path writes a file of its own (a new inode) with the executable bit", async () => {
    const { store, path, dir } = await freshStore();
    const source = join(dir, "tool.sh");
    await writeFile(source, "#!/bin/sh\n", { mode: 0o755 });
    const fileId = await store.writeFile(source);
    const target = join(dir, "copy.sh");
    await store.readFile(fileId, target);
    expect(await readFile(target, "utf8")).toBe("#!/bin/sh\n");
    expect((await stat(target)).mode & 0o111).not.toBe(0);
    expect((await stat(target)).ino).not.toBe((await stat(join(path, "files", safeName(fileId)))).ino);
    expect((await readdir(dir)).sort()).toEqual(["copy.sh", "store", "tool.sh"]);
  });

  it("a flipped byte of inline content fails streams, reads to a path and exports with JOBSTORE_CHECKSUM_MISMATCH", async () => {
    const { store, path, dir } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end("inline bytes to damage"));
    await damageInlineBody(path, fileId);
    expect(await codeOf(store.readFileStream(fileId))).toBe("JOBSTORE_CHECKSUM_MISMATCH");
    expect(await codeOf(store.readFile(fileId, join(dir, "out")))).toBe("JOBSTORE_CHECKSUM_MISMATCH");
    expect(await codeOf(store.exportFile(fileId, pathToFileURL(join(dir, "x"))))).toBe(
      "JOBSTORE_CHECKSUM_MISMATCH",
    );
    expect(await readdir(dir)).toEqual(["store"]);
  });

  it("a flipped byte of inline shared content fails the read with JOBSTORE_CHECKSUM_MISMATCH", async () => {
    const { store, path } = await freshStore();
    await store.writeSharedFileStream("config.json", (w) => w.end("{}"));
    expect((await readdir(join(path, "shared"))).sort()).toEqual(["config.json"]);
    const recordPath = join(path, "shared", "config.json");
    const bytes = await readFile(recordPath);
    bytes[bytes.length - 1]! ^= 0x01;
    await writeFile(recordPath, bytes);
    expect(await codeOf(store.readSharedFileStream("config.json"))).toBe("JOBSTORE_CHECKSUM_MISMATCH");
  });

  it("encrypts inline content: the record holds no plaintext and reads back decrypted", async () => {
    const { store, path } = await freshStore({ encryptionKey: newKey() });
    const fileId = await store.writeFileStream((w) => w.end("a secret that stays secret"));
    expect(await readdir(join(path, "content"))).toEqual([]);
    expect((await recordBytes(path, fileId)).includes("a secret")).toBe(false);
    expect((await buffer(await store.readFileStream(fileId))).toString()).toBe("a secret that stays secret");
  });

  it("never inlines a cleanup file: deleteJob still finds and removes it", async () => {
    const { store, path } = await freshStore();
    const job = await store.createJob(store.assignJobId({ command: "x" }));
    const fileId = await store.writeFileStream((w) => w.end("scratch"), {
      jobId: job.jobStoreId,
      cleanup: true,
    });
    expect(await readdir(join(path, "cleanup"))).toHaveLength(1);
    await store.deleteJob(job.jobStoreId);
    expect(await store.fileExists(fileId)).toBe(false);
    expect(await readdir(join(path, "cleanup"))).toEqual([]);
  });

  it("a public URL or a symbolic link gets a content file, removed with the file", async () => {
    const { store, path, dir } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end("public bytes"));
    const url = await store.getPublicUrl(fileId);
    expect(await readFile(fileURLToPath(url), "utf8")).toBe("public bytes");
    await store.readFile(fileId, join(dir, "link"), { symlink: true });
    expect(await readFile(join(dir, "link"), "utf8")).toBe("public bytes");
    expect(await readdir(join(path, "content"))).toHaveLength(1);
    await store.deleteFile(fileId);
    expect(await readdir(join(path, "content"))).toEqual([]);
    expect(await leftovers(store)).toEqual([]);
  });

  it("updates between inline and content-version sizes leave only the current version", async () => {
    const { store, path } = await freshStore({ inlineLimit: 1024 });
    const fileId = await store.writeFileStream((w) => w.end("small"));
    await store.updateFileStream(fileId, (w) => w.end(Buffer.alloc(4096, 3)));
    expect(await readdir(join(path, "content"))).toHaveLength(1);
    await store.updateFileStream(fileId, (w) => w.end("small again"));
    expect(await readdir(join(path, "content"))).toEqual([]);
    expect((await buffer(await store.readFileStream(fileId))).toString()).toBe("small again");
    expect(await leftovers(store)).toEqual([]);
  });

  it("sizes, lists, updates and deletes an inline file whose record header is longer than the first header read", async () => {
    const { store, path } = await freshStore();
    // 4,000 control characters: 24,000 bytes of JSON escapes in the header, more than its first read.
    const fileId = "\u0001".repeat(4000);
    await store.restoreFileStream(fileId, (w) => void w.end(Buffer.alloc(60_000, 3)));
    expect((await recordBytes(path, safeName(fileId))).indexOf(0x0a)).toBeGreaterThan(20_000);
    expect(await store.getFileSize(fileId)).toBe(60_000);
    const listed: string[] = [];
    for await (const info of store.listFiles()) listed.push(info.fileId);
    expect(listed).toEqual([fileId]);
    await store.updateFileStream(fileId, (w) => void w.end("shorter"));
    expect((await buffer(await store.readFileStream(fileId))).toString()).toBe("shorter");
    await store.deleteFile(fileId);
    expect(await store.fileExists(fileId)).toBe(false);
    expect(await readdir(join(path, "files"))).toEqual([]);
  });

  it("rejects an inlineLimit that is not an integer from 0 to 1 MiB", () => {
    for (const inlineLimit of [-1, 1.5, 2 * 1024 * 1024, Number.NaN]) {
      expect(() => createFileBackend({ path: "/tmp/never-made", inlineLimit })).toThrow(RangeError);
    }
  });
});
