import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobStoreError } from "../src/index.js";
import { expectCode, openStore } from "./fixtures.js";
import { readAll } from "./stub-backend.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-core-files-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writeFile and readFile", () => {
  it("round-trips content and keeps the executable bit", async () => {
    const { store } = await openStore();
    const source = join(dir, "tool.sh");
    await writeFile(source, "#!/bin/sh\necho hi\n");
    await chmod(source, 0o755);
    const fileId = await store.writeFile(source);
    const copy = join(dir, "copy.sh");
    await store.readFile(fileId, copy);
    expect(await readFile(copy, "utf8")).toBe("#!/bin/sh\necho hi\n");
    expect((await stat(copy)).mode & 0o111).not.toBe(0);
  });

  it("a plain file reads back without the executable bit", async () => {
    const { store } = await openStore();
    const source = join(dir, "data.txt");
    await writeFile(source, "x");
    await chmod(source, 0o644);
    const copy = join(dir, "copy.txt");
    await store.readFile(await store.writeFile(source), copy);
    expect((await stat(copy)).mode & 0o111).toBe(0);
  });

  it("passes the local file's basename to newFileId, or the basename option instead", async () => {
    const names: (string | undefined)[] = [];
    const { store } = await openStore({
      overrides: {
        newFileId: (meta) => {
          names.push(meta.basename);
          return `id-${names.length}`;
        },
      },
    });
    const source = join(dir, "input.csv");
    await writeFile(source, "a,b");
    await store.writeFile(source);
    await store.writeFile(source, { basename: "renamed.csv" });
    expect(names).toEqual(["input.csv", "renamed.csv"]);
  });

  it("writeFile of a missing local path rejects with JOBSTORE_NO_SUCH_FILE without I/O", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    await expectCode(store.writeFile(join(dir, "absent")), "JOBSTORE_NO_SUCH_FILE");
    expect(backend.totalCalls()).toBe(before);
  });

  it("writeFile of a directory rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const { store } = await openStore();
    await expectCode(store.writeFile(dir), "JOBSTORE_NO_SUCH_FILE");
  });

  it("writeFile destroys the local read stream when the backend rejects without reading it", async () => {
    let captured: Readable | undefined;
    const { store } = await openStore({
      overrides: {
        async writeFile(_id, source) {
          captured = source;
          throw new JobStoreError("JOBSTORE_UNAVAILABLE", "refused");
        },
      },
    });
    const source = join(dir, "a.txt");
    await writeFile(source, "a");
    await expectCode(store.writeFile(source), "JOBSTORE_UNAVAILABLE");
    expect(captured?.destroyed).toBe(true);
  });

  it("updateFile on a missing file rejects with JOBSTORE_NO_SUCH_FILE and closes the local stream", async () => {
    let captured: Readable | undefined;
    const { store } = await openStore({
      overrides: {
        async updateFile(id, source) {
          captured = source;
          throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `file ${id} does not exist`);
        },
      },
    });
    const source = join(dir, "a.txt");
    await writeFile(source, "a");
    await expectCode(store.updateFile("missing", source), "JOBSTORE_NO_SUCH_FILE");
    expect(captured?.destroyed).toBe(true);
  });

  it("updateFile replaces the content", async () => {
    const { store } = await openStore();
    const source = join(dir, "a.txt");
    await writeFile(source, "one");
    const fileId = await store.writeFile(source);
    await writeFile(source, "two");
    await store.updateFile(fileId, source);
    expect((await readAll(await store.readFileStream(fileId))).toString()).toBe("two");
  });

  it("readFile of a missing file rejects with JOBSTORE_NO_SUCH_FILE and leaves no file behind", async () => {
    const { store } = await openStore();
    const target = join(dir, "out");
    await expectCode(store.readFile("missing", target), "JOBSTORE_NO_SUCH_FILE");
    await expect(stat(target)).rejects.toThrow();
  });

  it("readFile retries once on JOBSTORE_CHECKSUM_MISMATCH", async () => {
    let attempts = 0;
    const { store } = await openStore({
      overrides: {
        async readFile() {
          attempts++;
          const stream =
            attempts === 1
              ? new Readable({
                  read() {
                    this.destroy(new JobStoreError("JOBSTORE_CHECKSUM_MISMATCH", "bad bytes"));
                  },
                })
              : Readable.from([Buffer.from("good")]);
          return { stream, executable: false };
        },
      },
    });
    const target = join(dir, "out");
    await store.readFile("f", target);
    expect(attempts).toBe(2);
    expect(await readFile(target, "utf8")).toBe("good");
  });

  it("readFile gives up with JOBSTORE_CHECKSUM_MISMATCH when the retry fails too", async () => {
    const { store } = await openStore({
      overrides: {
        async readFile() {
          const stream = new Readable({
            read() {
              this.destroy(new JobStoreError("JOBSTORE_CHECKSUM_MISMATCH", "bad bytes"));
            },
          });
          return { stream, executable: false };
        },
      },
    });
    await expectCode(store.readFile("f", join(dir, "out")), "JOBSTORE_CHECKSUM_MISMATCH");
  });
});

describe("file metadata", () => {
  it("getEmptyFileStoreId makes an empty file that exists and reads back empty", async () => {
    const { store } = await openStore();
    const fileId = await store.getEmptyFileStoreId();
    expect(await store.fileExists(fileId)).toBe(true);
    expect((await readAll(await store.readFileStream(fileId))).length).toBe(0);
  });

  it("cleanup without jobId is recorded as false", async () => {
    const { store, backend } = await openStore();
    const fileId = await store.writeFileStream((w) => void w.end("x"), { cleanup: true });
    expect(backend.state.files.get(fileId)?.cleanup).toBe(false);
  });

  it("getFileSize of a missing or empty ID is 0", async () => {
    const { store, backend } = await openStore();
    expect(await store.getFileSize("missing")).toBe(0);
    expect(await store.getFileSize("")).toBe(0);
    expect(backend.calls.get("getFileSize")).toBe(1);
  });

  it("deleteFile is idempotent and fileExists then answers false", async () => {
    const { store } = await openStore();
    const fileId = await store.writeFileStream((w) => void w.end("x"));
    await store.deleteFile(fileId);
    await store.deleteFile(fileId);
    expect(await store.fileExists(fileId)).toBe(false);
  });

  it("readFileStream of a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const { store } = await openStore();
    await expectCode(store.readFileStream("missing"), "JOBSTORE_NO_SUCH_FILE");
  });

  it("a non-string jobId option throws TypeError before any backend call", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    await expect(store.getEmptyFileStoreId({ jobId: 3 as never })).rejects.toThrow(TypeError);
    expect(backend.totalCalls()).toBe(before);
  });
});
