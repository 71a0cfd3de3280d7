import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isJobStoreError } from "@jobstore/core";
import { expect, it } from "vitest";
import { describeOn, scratchDirOn } from "./file-systems.js";
import { freshStore, handle, scratchDir } from "./fixture.js";

// Above the size up to which content is read whole (1 MiB): the kernel copies it.
const LARGE = 3 * 1024 * 1024 + 17;

/** The physical extents of a file and whether they are shared, from FIEMAP (`filefrag -v`). */
function extents(path: string): { physical: number[]; shared: boolean } {
  const out = spawnSync("filefrag", ["-v", path], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`filefrag -v ${path} failed: ${out.stderr}`);
  const rows = out.stdout.split("\n").filter((line) => /^\s*\d+:/.test(line));
  return {
    physical: rows.map((line) => Number(/:\s*\d+\.\.\s*\d+:\s*(\d+)\.\./.exec(line)?.[1])),
    shared: rows.length > 0 && rows.every((line) => line.includes("shared")),
  };
}

const filefrag = spawnSync("filefrag", ["-V"]).status === 0;
if (!filefrag) console.warn("reflink checks skipped: filefrag (e2fsprogs) is not installed");

async function contentFiles(path: string): Promise<string[]> {
  return (await readdir(join(path, "content"))).map((name) => join(path, "content", name));
}

function registerFastPaths(root: string): void {
  const fresh = async (options: { hardLinkReads?: boolean } = {}) => {
    const dir = await scratchDirOn(root);
    const store = handle(join(dir, "store"), { inlineLimit: 0, ...options });
    await store.initialize();
    return { store, dir, path: join(dir, "store") };
  };

  it.runIf(filefrag)(
    "writeFile of a large local file reflinks it: the content version shares its extents",
    async () => {
      const { store, dir, path } = await fresh();
      const source = join(dir, "big.bin");
      await writeFile(source, randomBytes(LARGE));
      const fileId = await store.writeFile(source);
      const [content] = await contentFiles(path);
      expect(extents(content!)).toEqual({ physical: extents(source).physical, shared: true });
      expect((await stat(content!)).ino).not.toBe((await stat(source)).ino);
      expect((await readFile(content!)).equals(await readFile(source))).toBe(true);
      expect(await store.getFileSize(fileId)).toBe(LARGE);
    },
  );

  it.runIf(filefrag)(
    "readFile with hardLinkReads: false reflinks the content version, verified",
    async () => {
      const { store, dir, path } = await fresh({ hardLinkReads: false });
      const bytes = randomBytes(LARGE);
      const fileId = await store.writeFileStream((w) => w.end(bytes));
      const target = join(dir, "copy.bin");
      await store.readFile(fileId, target);
      const [content] = await contentFiles(path);
      expect((await stat(target)).ino).not.toBe((await stat(content!)).ino);
      expect(extents(target)).toEqual({ physical: extents(content!).physical, shared: true });
      expect((await readFile(target)).equals(bytes)).toBe(true);
    },
  );

  it("readFile hard-links the immutable content version by default", async () => {
    const { store, dir, path } = await fresh();
    const fileId = await store.writeFileStream((w) => w.end("linked on this file system"));
    const target = join(dir, "linked.txt");
    await store.readFile(fileId, target);
    const [content] = await contentFiles(path);
    expect((await stat(target)).ino).toBe((await stat(content!)).ino);
    expect((await stat(target)).nlink).toBe(2);
  });

  it("a large file from another file system is copied by the kernel (no reflink across devices), whole", async () => {
    const { store, path } = await fresh();
    const elsewhere = await scratchDir();
    const source = join(elsewhere, "from-elsewhere.bin");
    const bytes = randomBytes(LARGE);
    await writeFile(source, bytes);
    expect((await stat(source)).dev).not.toBe((await stat(path)).dev);
    const fileId = await store.writeFile(source);
    const [content] = await contentFiles(path);
    expect((await readFile(content!)).equals(bytes)).toBe(true);
    if (filefrag) expect(extents(content!).shared).toBe(false);
    // And back out across devices: a copy (no link is possible), verified.
    const target = join(elsewhere, "back.bin");
    await store.readFile(fileId, target);
    expect((await readFile(target)).equals(bytes)).toBe(true);
    expect((await stat(target)).nlink).toBe(1);
  });
}

describeOn("BTRFS", "fast paths on btrfs (reflink, hard links, kernel copies)", (dir) => {
  registerFastPaths(dir);
});

describeOn("XFS", "fast paths on xfs with reflink=1 (reflink, hard links, kernel copies)", (dir) => {
  registerFastPaths(dir);
});

/** The code of a rejection, and its message. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    if (isJobStoreError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error("resolved, expected a rejection");
}

describeOn("EXFAT", "a file system without hard links (exFAT)", (root) => {
  it("initialize refuses it with JOBSTORE_NOT_SUPPORTED naming the path and link(2), and leaves nothing", async () => {
    const dir = await scratchDirOn(root);
    const path = join(dir, "store");
    const { code, message } = await failure(handle(path).initialize());
    expect(code).toBe("JOBSTORE_NOT_SUPPORTED");
    expect(message).toContain(path);
    expect(message).toContain("link(2)");
    expect(await readdir(path)).toEqual([]);
  });

  it("resume of a store copied there refuses it with JOBSTORE_NOT_SUPPORTED naming the path and link(2)", async () => {
    const { store, path: made } = await freshStore();
    await store.createJob(store.assignJobId({ jobName: "copied", payload: "" }));
    const path = join(await scratchDirOn(root), "store");
    await cp(made, path, { recursive: true });
    const { code, message } = await failure(handle(path).resume());
    expect(code).toBe("JOBSTORE_NOT_SUPPORTED");
    expect(message).toContain(path);
    expect(message).toContain("link(2)");
    expect(await readdir(join(path, "tmp"))).toEqual([]);
  });
});
