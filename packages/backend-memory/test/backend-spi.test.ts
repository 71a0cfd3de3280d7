import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { isJobStoreError, type JobStoreBackend } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryBackend } from "../src/index.js";
import { findStore } from "../src/storage/store-registry.js";

// The backend SPI of this wave, called directly (the front end that calls it is written separately).
let backend: JobStoreBackend;
let dir: string;
const none = {};
const plain = { cleanup: false, executable: false };

beforeEach(async () => {
  backend = createMemoryBackend({ name: `spi-${randomUUID()}` });
  await backend.create(none);
  dir = await mkdtemp(join(tmpdir(), "jobstore-memory-spi-"));
});
afterEach(async () => {
  await backend.destroy(none);
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (err) {
    return isJobStoreError(err) ? err.code : `not a JobStoreError: ${String(err)}`;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function contentOf(b: JobStoreBackend, fileId: string): Promise<Buffer> {
  return buffer((await b.readFile(fileId, none)).stream);
}

describe("listFiles", () => {
  it("lists every file with the metadata it was written with, and not deleted ones", async () => {
    await backend.writeFile(
      "a",
      Readable.from([Buffer.from("12345")]),
      { ...plain, jobId: "j", cleanup: true },
      none,
    );
    await backend.writeFile(
      "b",
      Readable.from([]),
      { cleanup: false, executable: true, basename: "b.sh" },
      none,
    );
    await backend.writeFile("gone", Readable.from([Buffer.from("x")]), plain, none);
    await backend.deleteFile("gone", none);
    const listed = (await collect(backend.listFiles(none))).sort((x, y) => x.fileId.localeCompare(y.fileId));
    expect(listed).toEqual([
      { fileId: "a", jobId: "j", cleanup: true, executable: false, size: 5, encrypted: false },
      { fileId: "b", cleanup: false, executable: true, size: 0, encrypted: false, basename: "b.sh" },
    ]);
  });

  it("reports encrypted content as encrypted, with its plaintext size", async () => {
    const keyed = createMemoryBackend({ name: `spi-${randomUUID()}`, encryptionKey: randomBytes(32) });
    await keyed.create(none);
    await keyed.writeFile("e", Readable.from([Buffer.from("secret")]), plain, none);
    expect(await collect(keyed.listFiles(none))).toMatchObject([{ fileId: "e", size: 6, encrypted: true }]);
    await keyed.destroy(none);
  });
});

describe("listSharedFiles", () => {
  it("lists every shared file with its size", async () => {
    await backend.writeSharedFile("one", Readable.from([Buffer.from("abc")]), false, none);
    await backend.writeSharedFile("two", Readable.from([]), false, none);
    const listed = (await collect(backend.listSharedFiles(none))).sort((x, y) =>
      x.name.localeCompare(y.name),
    );
    expect(listed).toEqual([
      { name: "one", size: 3, encrypted: false },
      { name: "two", size: 0, encrypted: false },
    ]);
  });
});

describe("listLogs and writeLogs with read state", () => {
  it("lists read and unread messages without marking any read", async () => {
    await backend.writeLogs(Buffer.from("first"), none);
    await backend.readLogs(() => {}, false, none);
    await backend.writeLogs(Buffer.from("second"), none);
    const listed = await collect(backend.listLogs(none));
    expect(listed.map((e) => [e.message.toString(), e.read])).toEqual([
      ["first", true],
      ["second", false],
    ]);
    const unread: string[] = [];
    await backend.readLogs((m) => void unread.push(m.toString()), false, none);
    expect(unread).toEqual(["second"]);
  });

  it("a message written as read is delivered only by readAll", async () => {
    await backend.writeLogs(Buffer.from("copied"), none, true);
    expect(await backend.readLogs(() => {}, false, none)).toBe(0);
    const all: string[] = [];
    await backend.readLogs((m) => void all.push(m.toString()), true, none);
    expect(all).toEqual(["copied"]);
  });
});

describe("writeFile with any ID (restore)", () => {
  it("stores a foreign ID and reads it back, without taking a basename from it", async () => {
    const foreign = `jobs/${"x".repeat(3000)}/files/out.txt`;
    await backend.writeFile(foreign, Readable.from([Buffer.from("restored")]), plain, none);
    expect((await contentOf(backend, foreign)).toString()).toBe("restored");
    const [info] = await collect(backend.listFiles(none));
    expect(info).toMatchObject({ fileId: foreign });
    expect(info?.basename).toBeUndefined();
  });

  it("keeps the basename given in the metadata", async () => {
    await backend.writeFile("some-id", Readable.from([]), { ...plain, basename: "report.csv" }, none);
    const url = await backend.getPublicUrl("some-id", 3600, none);
    expect(url.endsWith("/report.csv")).toBe(true);
  });

  it("states no ID limit", () => {
    expect(backend.capabilities.maxIdBytes).toBe(0);
    expect(backend.capabilities.maxSharedNameBytes).toBe(0);
  });
});

describe("writeFileFromPath and readFileToPath", () => {
  it("round-trips bytes and the executable bit, leaving no temp file", async () => {
    const source = join(dir, "in.sh");
    const bytes = randomBytes(70_000);
    await writeFile(source, bytes, { mode: 0o755 });
    await backend.writeFileFromPath!("f", source, { ...plain, executable: true }, none);
    const out = join(dir, "out.sh");
    await backend.readFileToPath!("f", out, false, none);
    expect((await readFile(out)).equals(bytes)).toBe(true);
    expect((await stat(out)).mode & 0o111).not.toBe(0);
    expect((await readdir(dir)).sort()).toEqual(["in.sh", "out.sh"]);
  });

  it("moves a file larger than the synchronous limit intact both ways", async () => {
    const source = join(dir, "big");
    const bytes = randomBytes(3 * 1024 * 1024 + 7);
    await writeFile(source, bytes);
    await backend.writeFileFromPath!("big", source, plain, none);
    expect((await contentOf(backend, "big")).equals(bytes)).toBe(true);
    await backend.readFileToPath!("big", join(dir, "copy"), false, none);
    expect((await readFile(join(dir, "copy"))).equals(bytes)).toBe(true);
  });

  it("reads a local file to its end even when its stated size is 0", async () => {
    await backend.writeFileFromPath!("proc", "/proc/self/status", plain, none);
    expect((await contentOf(backend, "proc")).toString()).toContain("Name:");
  });

  it("replaces an existing output file atomically", async () => {
    const out = join(dir, "out");
    await writeFile(out, "old");
    await backend.writeFile("f", Readable.from([Buffer.from("new")]), plain, none);
    await backend.readFileToPath!("f", out, false, none);
    expect(await readFile(out, "utf8")).toBe("new");
  });

  it("encrypts on the way in and decrypts on the way out", async () => {
    const name = `spi-${randomUUID()}`;
    const keyed = createMemoryBackend({ name, encryptionKey: randomBytes(32) });
    await keyed.create(none);
    await writeFile(join(dir, "in"), "secret");
    await keyed.writeFileFromPath!("e", join(dir, "in"), plain, none);
    await keyed.readFileToPath!("e", join(dir, "out"), false, none);
    expect(await readFile(join(dir, "out"), "utf8")).toBe("secret");
    const keyless = createMemoryBackend({ name });
    expect(await codeOf(keyless.readFileToPath!("e", join(dir, "x"), false, none))).toBe(
      "JOBSTORE_ENCRYPTION",
    );
    await keyed.destroy(none);
  });

  it("readFileToPath of a missing file rejects with JOBSTORE_NO_SUCH_FILE and writes nothing", async () => {
    expect(await codeOf(backend.readFileToPath!("nope", join(dir, "out"), false, none))).toBe(
      "JOBSTORE_NO_SUCH_FILE",
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it("writeFileFromPath of a vanished local file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(backend.writeFileFromPath!("f", join(dir, "gone"), plain, none))).toBe(
      "JOBSTORE_NO_SUCH_FILE",
    );
    expect(await backend.fileExists("f", none)).toBe(false);
  });
});

describe("writeFileFromPath interrupted while it reads", () => {
  async function bigSource(): Promise<string> {
    const source = join(dir, "big");
    await writeFile(source, randomBytes(4 * 1024 * 1024));
    return source;
  }

  it("an abort during the read rejects with JOBSTORE_ABORTED and leaves nothing in the volume", async () => {
    const name = `spi-${randomUUID()}`;
    const b = createMemoryBackend({ name });
    await b.create(none);
    const controller = new AbortController();
    const write = b.writeFileFromPath!("f", await bigSource(), plain, { signal: controller.signal });
    controller.abort();
    expect(await codeOf(write)).toBe("JOBSTORE_ABORTED");
    expect(findStore(name)!.fs.readdirSync("/content")).toEqual([]);
    expect(await b.fileExists("f", none)).toBe(false);
    await b.destroy(none);
  });

  it("a store destroyed during the read gets nothing, and the call rejects with JOBSTORE_NO_SUCH_STORE", async () => {
    const write = backend.writeFileFromPath!("f", await bigSource(), plain, none);
    await backend.destroy(none);
    expect(await codeOf(write)).toBe("JOBSTORE_NO_SUCH_STORE");
  });
});

describe("updateFileFromPath", () => {
  it("replaces the content of an existing file", async () => {
    await backend.writeFile("f", Readable.from([Buffer.from("old")]), plain, none);
    await writeFile(join(dir, "new"), "new content");
    await backend.updateFileFromPath!("f", join(dir, "new"), none);
    expect((await contentOf(backend, "f")).toString()).toBe("new content");
  });

  it("rejects a missing file with JOBSTORE_NO_SUCH_FILE", async () => {
    await writeFile(join(dir, "new"), "x");
    expect(await codeOf(backend.updateFileFromPath!("nope", join(dir, "new"), none))).toBe(
      "JOBSTORE_NO_SUCH_FILE",
    );
  });

  it("of two racing updates exactly one wins; the other rejects with JOBSTORE_CONCURRENT_MODIFICATION", async () => {
    await backend.writeFile("f", Readable.from([Buffer.from("old")]), plain, none);
    await writeFile(join(dir, "a"), "from a");
    await writeFile(join(dir, "b"), "from b");
    const codes = await Promise.all([
      codeOf(backend.updateFileFromPath!("f", join(dir, "a"), none)),
      codeOf(backend.updateFileFromPath!("f", join(dir, "b"), none)),
    ]);
    expect([...codes].sort()).toEqual(["JOBSTORE_CONCURRENT_MODIFICATION", "resolved"]);
    const winner = codes[0] === "resolved" ? "from a" : "from b";
    expect((await contentOf(backend, "f")).toString()).toBe(winner);
  });
});
