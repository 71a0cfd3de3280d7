import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { isJobStoreError, type JobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { type FsApi, nodeFs } from "../src/index.js";
import { codeOf, freshStore, handle, newKey } from "./fixture.js";

async function onlyContentFile(path: string): Promise<string> {
  const names = await readdir(join(path, "content"));
  expect(names).toHaveLength(1);
  return join(path, "content", names[0]!);
}

async function flipByte(file: string, at: number): Promise<void> {
  const bytes = await readFile(file);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(file, bytes);
}

/** A file system whose writes into the store's tmp/ fail with `code` while `armed` is true. */
function failingWrites(code: string) {
  const state = { armed: false };
  const fs: FsApi = {
    ...nodeFs,
    async write(fd, data, offset, length) {
      if (state.armed) throw Object.assign(new Error(`${code}: simulated`), { code });
      return nodeFs.write(fd, data, offset, length);
    },
    async writev(fd, buffers) {
      if (state.armed) throw Object.assign(new Error(`${code}: simulated`), { code });
      return nodeFs.writev(fd, buffers);
    },
  };
  return { fs, state };
}

/** Opens and reads a whole file: small content is verified on open, large content at the stream's end. */
async function readAll(store: JobStore, fileId: string): Promise<Buffer> {
  return buffer(await store.readFileStream(fileId));
}

describe("checksums", () => {
  for (const size of [100_000, 3 * 1024 * 1024 + 7]) {
    it(`a flipped byte in ${size} bytes of content fails the read with JOBSTORE_CHECKSUM_MISMATCH`, async () => {
      const { store, path } = await freshStore();
      const fileId = await store.writeFileStream((w) => w.end(Buffer.alloc(size, 7)));
      await flipByte(await onlyContentFile(path), size - 1000);
      expect(await codeOf(readAll(store, fileId))).toBe("JOBSTORE_CHECKSUM_MISMATCH");
    });

    it(`a flipped byte in ${size} bytes of encrypted content is detected too`, async () => {
      const { store, path } = await freshStore({ encryptionKey: newKey() });
      const fileId = await store.writeFileStream((w) => w.end(Buffer.alloc(size, 1)));
      await flipByte(await onlyContentFile(path), 100);
      expect(await codeOf(readAll(store, fileId))).toBe("JOBSTORE_CHECKSUM_MISMATCH");
    });
  }

  it("a flipped byte fails readFile to a path when it copies instead of linking", async () => {
    const { store, path, dir } = await freshStore({ hardLinkReads: false, inlineLimit: 0 });
    const fileId = await store.writeFileStream((w) => w.end("some bytes to damage"));
    await flipByte(await onlyContentFile(path), 3);
    const target = join(dir, "out.txt");
    expect(await codeOf(store.readFile(fileId, target))).toBe("JOBSTORE_CHECKSUM_MISMATCH");
    expect(await readdir(dir)).toEqual(["store"]);
  });

  it("a record without a CRC-32 is verified by its SHA-256", async () => {
    const { store, path } = await freshStore({ inlineLimit: 0 });
    const fileId = await store.writeFileStream((w) => w.end("checked by sha-256"));
    const recordPath = join(path, "files", fileId);
    // As written where no CRC-32 could be computed: the SHA-256 instead.
    const record = JSON.parse(await readFile(recordPath, "utf8")) as { crc32?: number; sha256?: string };
    expect(typeof record.crc32).toBe("number");
    delete record.crc32;
    record.sha256 = createHash("sha256").update("checked by sha-256").digest("hex");
    await writeFile(recordPath, JSON.stringify(record));
    expect((await readAll(store, fileId)).toString()).toBe("checked by sha-256");
    await flipByte(await onlyContentFile(path), 0);
    expect(await codeOf(readAll(store, fileId))).toBe("JOBSTORE_CHECKSUM_MISMATCH");
  });

  it("encrypted content read with another key is JOBSTORE_ENCRYPTION, not damage", async () => {
    const { store, path } = await freshStore({ encryptionKey: newKey() });
    const fileId = await store.writeFileStream((w) => w.end("secret"));
    const other = handle(path, { encryptionKey: newKey() });
    await other.resume();
    expect(await codeOf(other.readFileStream(fileId))).toBe("JOBSTORE_ENCRYPTION");
    const none = handle(path);
    await none.resume();
    expect(await codeOf(none.readFileStream(fileId))).toBe("JOBSTORE_ENCRYPTION");
  });
});

describe("storage faults during a write", () => {
  for (const code of ["ENOSPC", "EIO"]) {
    it(`${code} during an update is JOBSTORE_UNAVAILABLE (retryable) and leaves the old content and no temp file`, async () => {
      const { state, fs } = failingWrites(code);
      const { store, path } = await freshStore({ fs });
      const fileId = await store.writeFileStream((w) => w.end("old content"));
      state.armed = true;
      const err = await store.updateFileStream(fileId, (w) => w.end("new content")).catch((e: unknown) => e);
      expect(isJobStoreError(err, "JOBSTORE_UNAVAILABLE")).toBe(true);
      expect((err as { retryable: boolean }).retryable).toBe(true);
      expect((err as { cause: { code: string } }).cause.code).toBe(code);
      state.armed = false;
      expect((await readAll(store, fileId)).toString()).toBe("old content");
      expect(await readdir(join(path, "tmp"))).toEqual([]);
    });
  }

  it("ENOSPC while writing a job leaves the previous version and no temp file", async () => {
    const { state, fs } = failingWrites("ENOSPC");
    const { store, path } = await freshStore({ fs });
    const job = await store.createJob(store.assignJobId({ jobName: "j", step: 1 }));
    state.armed = true;
    job.step = 2;
    expect(await codeOf(store.updateJob(job))).toBe("JOBSTORE_UNAVAILABLE");
    state.armed = false;
    expect((await store.loadJob(job.jobStoreId)).step).toBe(1);
    expect(await readdir(join(path, "tmp"))).toEqual([]);
  });

  it("ENOSPC while writing a shared file or a new file stores nothing", async () => {
    const { state, fs } = failingWrites("ENOSPC");
    const { store, path } = await freshStore({ fs });
    state.armed = true;
    expect(await codeOf(store.writeSharedFileStream("s", (w) => w.end("x")))).toBe("JOBSTORE_UNAVAILABLE");
    expect(await codeOf(store.writeFileStream((w) => w.end("x")))).toBe("JOBSTORE_UNAVAILABLE");
    state.armed = false;
    expect(await readdir(join(path, "tmp"))).toEqual([]);
    expect(await readdir(join(path, "content"))).toEqual([]);
    expect(await codeOf(store.readSharedFileStream("s"))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("EACCES is JOBSTORE_UNAVAILABLE and not retryable", async () => {
    const { state, fs } = failingWrites("EACCES");
    const { store } = await freshStore({ fs });
    state.armed = true;
    const err = await store.writeFileStream((w) => w.end("x")).catch((e: unknown) => e);
    expect(isJobStoreError(err, "JOBSTORE_UNAVAILABLE")).toBe(true);
    expect((err as { retryable: boolean }).retryable).toBe(false);
  });
});

describe("short writes", () => {
  it("a record whose writes take at most 7 bytes per call is still written whole (writev continued)", async () => {
    const calls = { writev: 0 };
    const fs: FsApi = {
      ...nodeFs,
      write: (fd, data, offset, length) => nodeFs.write(fd, data, offset, Math.min(length, 7)),
      async writev(fd, buffers) {
        calls.writev++;
        const first = buffers.find((b) => b.length > 0)!;
        return nodeFs.write(fd, first, 0, Math.min(first.length, 7));
      },
    };
    const { store } = await freshStore({ fs });
    const bytes = Buffer.from("content that takes many short writes to land");
    const fileId = await store.writeFileStream((w) => w.end(bytes));
    expect((await readAll(store, fileId)).equals(bytes)).toBe(true);
    expect(calls.writev).toBeGreaterThan(0);
  });
});

describe("NFS-style replies", () => {
  it("a link that succeeded but answered EEXIST (a retransmission) still counts as the writer's claim", async () => {
    const fs: FsApi = {
      ...nodeFs,
      async link(from, to) {
        await nodeFs.link(from, to);
        if (to.includes("#"))
          throw Object.assign(new Error("EEXIST: simulated retransmission"), { code: "EEXIST" });
      },
    };
    const { store, path } = await freshStore({ fs });
    const fileId = await store.writeFileStream((w) => w.end("v1"));
    await store.updateFileStream(fileId, (w) => w.end("v2"));
    expect((await readAll(store, fileId)).toString()).toBe("v2");
    expect((await readdir(join(path, "files"))).filter((name) => name.includes("#"))).toEqual([]);
  });
});
