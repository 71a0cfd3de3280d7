import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { createFileBackend } from "../src/index.js";
import { codeOf, freshStore } from "./fixture.js";

const HOSTILE_IDS = [
  "../escaped",
  "../../../../../../tmp/escaped",
  "/etc/passwd",
  "a/../../b",
  "..",
  ".",
  "with\0nul",
  "UPPER-and-lower",
  "x".repeat(4096),
  "\uD800 lone surrogate",
  "C:\\windows\\path",
];

// Lone surrogates are refused on writes (before the backend); every other hostile ID is stored.
const WRITABLE_IDS = HOSTILE_IDS.filter((id) => !/[\uD800-\uDFFF]/u.test(id));

async function walk(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    found.push(path);
    if (entry.isDirectory()) found.push(...(await walk(path)));
  }
  return found;
}

describe("IDs and names never become paths", () => {
  it("any string is a valid lookup: absent, and nothing is created", async () => {
    const { store, dir } = await freshStore();
    const before = await walk(dir);
    for (const id of HOSTILE_IDS) {
      expect(await store.jobExists(id)).toBe(false);
      expect(await codeOf(store.loadJob(id))).toBe("JOBSTORE_NO_SUCH_JOB");
      expect(await store.fileExists(id)).toBe(false);
      expect(await store.getFileSize(id)).toBe(0);
      expect(await codeOf(store.readFileStream(id))).toBe("JOBSTORE_NO_SUCH_FILE");
      await store.deleteFile(id);
      await store.deleteJob(id);
    }
    expect(await walk(dir)).toEqual(before);
  });

  it("jobs and files written under hostile IDs stay inside the store and read back by the same ID", async () => {
    const { store, dir, path } = await freshStore();
    const backend = createFileBackend({ path });
    await backend.open({});
    for (const [index, id] of WRITABLE_IDS.entries()) {
      await store.createJob({ jobStoreId: id, jobName: `hostile ${index}` });
      await store.writeFileStream((w) => w.end(`file ${index}`), { jobId: id, cleanup: true });
      await backend.writeFile(
        id,
        Readable.from([Buffer.from(`restored ${index}`)]),
        { cleanup: false, executable: false },
        {},
      );
    }
    for (const [index, id] of WRITABLE_IDS.entries()) {
      expect((await store.loadJob(id)).jobName).toBe(`hostile ${index}`);
      expect((await buffer(await store.readFileStream(id))).toString()).toBe(`restored ${index}`);
    }
    // Everything is under the store; the scratch directory holds nothing else.
    expect(await readdir(dir)).toEqual(["store"]);
    for (const path of await walk(dir)) expect(path.startsWith(join(dir, "store"))).toBe(true);
    const ids = [];
    for await (const info of store.listFiles()) ids.push(info.fileId);
    expect(ids).toEqual(expect.arrayContaining(WRITABLE_IDS));
    for (const id of WRITABLE_IDS) await store.deleteJob(id);
    for (const id of WRITABLE_IDS) expect(await store.jobExists(id)).toBe(false);
    expect(await readdir(join(path, "cleanup"))).toEqual([]);
  });

  it("IDs that differ only in case are two jobs (case-insensitive file systems cannot merge them)", async () => {
    const { store } = await freshStore();
    await store.createJob({ jobStoreId: "abc", n: 1 });
    await store.createJob({ jobStoreId: "ABC", n: 2 });
    expect((await store.loadJob("abc")).n).toBe(1);
    expect((await store.loadJob("ABC")).n).toBe(2);
  });

  it("an ID longer than maxIdBytes is rejected with JOBSTORE_INVALID_NAME before any I/O", async () => {
    const { store, path } = await freshStore();
    const long = "y".repeat(store.capabilities.maxIdBytes + 1);
    expect(await codeOf(store.createJob({ jobStoreId: long }))).toBe("JOBSTORE_INVALID_NAME");
    expect(await readdir(join(path, "jobs"))).toEqual([]);
  });

  it("removeLeftovers refuses anything that is not a leftover path of this store", async () => {
    const { store } = await freshStore();
    for (const id of ["tmp/../../escaped", "../x", "/etc/passwd", "jobs/x", "content/../jobstore.json"]) {
      expect(await codeOf(store.removeLeftovers([{ kind: "temp-file", id }]))).toBe("JOBSTORE_INVALID_NAME");
    }
  });
});
