import { lstat, readdir, readFile, readlink, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { codeOf, freshStore, newKey } from "./fixture.js";

async function contentFiles(path: string): Promise<string[]> {
  return (await readdir(join(path, "content"))).map((name) => join(path, "content", name));
}

describe("readFile to a path", () => {
  it("hard-links the immutable content version by default", async () => {
    const { store, path, dir } = await freshStore({ inlineLimit: 0 });
    const fileId = await store.writeFileStream((w) => w.end("linked bytes"));
    const target = join(dir, "out.txt");
    await store.readFile(fileId, target);
    const [content] = await contentFiles(path);
    expect((await stat(target)).ino).toBe((await stat(content!)).ino);
    expect(await readFile(target, "utf8")).toBe("linked bytes");
    // Reading again over the same path (the same inode) leaves no temp file beside it.
    await store.readFile(fileId, target);
    expect(await readdir(dir)).toEqual(["out.txt", "store"]);
  });

  it("a linked copy keeps its bytes after the file is updated (versions are immutable)", async () => {
    const { store, dir } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end("version 1"));
    const target = join(dir, "v1.txt");
    await store.readFile(fileId, target);
    await store.updateFileStream(fileId, (w) => w.end("version 2"));
    expect(await readFile(target, "utf8")).toBe("version 1");
  });

  it("copies (a new inode) with hardLinkReads: false, and keeps the executable bit", async () => {
    const { store, path, dir } = await freshStore({ hardLinkReads: false, inlineLimit: 0 });
    const source = join(dir, "tool.sh");
    await writeFile(source, "#!/bin/sh\n", { mode: 0o755 });
    const fileId = await store.writeFile(source);
    const target = join(dir, "copy.sh");
    await store.readFile(fileId, target);
    const [content] = await contentFiles(path);
    expect((await stat(target)).ino).not.toBe((await stat(content!)).ino);
    expect((await stat(target)).mode & 0o111).not.toBe(0);
  });

  it("symlinks only when asked with symlink: true", async () => {
    const { store, path, dir } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end("via a symlink"));
    const target = join(dir, "link.txt");
    await store.readFile(fileId, target, { symlink: true });
    expect((await lstat(target)).isSymbolicLink()).toBe(true);
    expect(await readlink(target)).toBe((await contentFiles(path))[0]);
    expect(await readFile(target, "utf8")).toBe("via a symlink");
  });

  it("never links encrypted content: the reader gets decrypted bytes in a file of its own", async () => {
    const { store, path, dir } = await freshStore({ encryptionKey: newKey(), inlineLimit: 0 });
    const fileId = await store.writeFileStream((w) => w.end("plaintext"));
    const target = join(dir, "plain.txt");
    await store.readFile(fileId, target, { symlink: true });
    expect((await lstat(target)).isSymbolicLink()).toBe(false);
    expect(await readFile(target, "utf8")).toBe("plaintext");
    expect((await stat(target)).ino).not.toBe((await stat((await contentFiles(path))[0]!)).ino);
  });
});

describe("file: URLs", () => {
  it("getPublicUrl is the content version's own file: URL", async () => {
    const { store, path } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end("public"));
    const url = await store.getPublicUrl(fileId);
    expect(fileURLToPath(url)).toBe((await contentFiles(path))[0]);
    expect(await readFile(new URL(url), "utf8")).toBe("public");
  });

  it("encrypted content has no public URL (JOBSTORE_ENCRYPTION)", async () => {
    const { store } = await freshStore({ encryptionKey: newKey() });
    const fileId = await store.writeFileStream((w) => w.end("secret"));
    expect(await codeOf(store.getPublicUrl(fileId))).toBe("JOBSTORE_ENCRYPTION");
  });

  it("declares file: import and export, which copy without linking to the store", async () => {
    const { store, path, dir } = await freshStore();
    expect(store.capabilities.importSchemes).toEqual(["file"]);
    expect(store.capabilities.exportSchemes).toEqual(["file"]);
    const source = join(dir, "in.bin");
    await writeFile(source, Buffer.alloc(3 * 1024 * 1024, 9));
    const fileId = await store.importFile(pathToFileURL(source));
    expect(fileId).toBeDefined();
    const exported = join(dir, "out.bin");
    await store.exportFile(fileId!, pathToFileURL(exported));
    expect((await readFile(exported)).equals(await readFile(source))).toBe(true);
    const [content] = await contentFiles(path);
    expect((await stat(exported)).ino).not.toBe((await stat(content!)).ino);
    expect((await stat(source)).ino).not.toBe((await stat(content!)).ino);
  });

  it("export of damaged content fails with JOBSTORE_CHECKSUM_MISMATCH and writes nothing", async () => {
    const { store, path, dir } = await freshStore({ inlineLimit: 0 });
    const fileId = await store.writeFileStream((w) => w.end("to export"));
    const [content] = await contentFiles(path);
    await writeFile(content!, "to exporT");
    expect(await codeOf(store.exportFile(fileId, pathToFileURL(join(dir, "x"))))).toBe(
      "JOBSTORE_CHECKSUM_MISMATCH",
    );
    expect(await readdir(dir)).toEqual(["store"]);
  });
});
