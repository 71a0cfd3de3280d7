import { chmod, copyFile, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import {
  digest,
  expectCode,
  randomData,
  readFileBytes,
  readSharedBytes,
  testTimeout,
  writeBytes,
} from "./support.js";

/**
 * Registers the per-job file tests: every write, read and update path across two handles, the
 * executable bit, empty and zero-length files, sizes around the inline limit, and which files
 * `deleteJob` removes.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerFileTests(options));
 * ```
 * @public
 */
export function registerFileTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("files", () => {
    it(
      "per-job files move between handles through every write, read and update path",
      async () => {
        const f = await useFixture(options);
        const a = f.store;
        const b = await f.open();
        const job = await a.createJob(a.assignJobId({ jobName: "owner" }));
        const jobId = job.jobStoreId;

        const fileOne = await b.getEmptyFileStoreId({ jobId, cleanup: true });
        expect(await a.fileExists(fileOne)).toBe(true);
        expect(await b.fileExists(fileOne)).toBe(true);

        await b.updateFileStream(fileOne, (w) => void w.end(Buffer.from("one")));
        expect((await readFileBytes(a, fileOne)).toString()).toBe("one");

        const localOne = join(f.tempDir, "one");
        await a.readFile(fileOne, localOne);
        expect(await readFile(localOne, "utf8")).toBe("one");
        const localTwo = join(f.tempDir, "two");
        await copyFile(localOne, localTwo);
        await writeFile(localTwo, "two");

        const fileTwo = await a.writeFile(localTwo, { jobId, cleanup: true });
        expect((await readFileBytes(b, fileTwo)).toString()).toBe("two");
        await a.updateFile(fileOne, localTwo);
        expect((await readFileBytes(b, fileOne)).toString()).toBe("two");

        const fileThree = await b.writeFileStream((w) => void w.end(Buffer.from("three")), {
          jobId,
          cleanup: true,
        });
        expect((await readFileBytes(a, fileThree)).toString()).toBe("three");

        await b.deleteFile(fileOne);
        await b.deleteFile(fileOne);
        for (const store of [a, b]) {
          expect(await store.fileExists(fileOne)).toBe(false);
          expect(await store.getFileSize(fileOne)).toBe(0);
          await expectCode(store.readFile(fileOne, join(f.tempDir, "gone")), "JOBSTORE_NO_SUCH_FILE");
          await expectCode(store.readFileStream(fileOne), "JOBSTORE_NO_SUCH_FILE");
        }
        expect((await readFileBytes(a, fileTwo)).toString()).toBe("two");
      },
      timeout,
    );

    it(
      "a UTF-8 text stream reads back on another handle and updates in place",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "text" }));
        const fileId = await f.store.writeFileStream((w) => void w.end("foo ✓", "utf8"), {
          jobId: job.jobStoreId,
          cleanup: true,
        });
        const reader = await f.open();
        expect((await readFileBytes(reader, fileId)).toString("utf8")).toBe("foo ✓");
        await f.store.updateFileStream(fileId, (w) => {
          w.write("b", "utf8");
          w.write("ä", "utf8");
          w.end("r");
        });
        expect((await readFileBytes(reader, fileId)).toString("utf8")).toBe("bär");
      },
      timeout,
    );

    it(
      "writeFileStream passes the returned file ID to its callback and ends a writable left open",
      async () => {
        const f = await useFixture(options);
        let seen: string | undefined;
        const fileId = await f.store.writeFileStream((w, id) => {
          seen = id;
          w.write("not ended by the callback");
        });
        expect(seen).toBe(fileId);
        expect((await readFileBytes(f.store, fileId)).toString()).toBe("not ended by the callback");
      },
      timeout,
    );

    it(
      "every write returns a distinct file ID",
      async () => {
        const f = await useFixture(options);
        const ids = new Set<string>();
        const local = join(f.tempDir, "same");
        await writeFile(local, "same");
        for (let i = 0; i < 10; i++) {
          ids.add(await f.store.writeFile(local));
          ids.add(await writeBytes(f.store, "same"));
          ids.add(await f.store.getEmptyFileStoreId());
        }
        expect(ids.size).toBe(30);
      },
      timeout,
    );

    it(
      "readFile restores the executable bit of the file given to writeFile",
      async () => {
        const f = await useFixture(options);
        const script = join(f.tempDir, "script.sh");
        await writeFile(script, "#!/bin/sh\necho hi\n");
        await chmod(script, 0o755);
        const plain = join(f.tempDir, "plain.txt");
        await writeFile(plain, "data");
        await chmod(plain, 0o644);
        const scriptId = await f.store.writeFile(script);
        const plainId = await f.store.writeFile(plain);
        const reader = await f.open();
        await reader.readFile(scriptId, join(f.tempDir, "script.out"));
        await reader.readFile(plainId, join(f.tempDir, "plain.out"));
        expect((await stat(join(f.tempDir, "script.out"))).mode & 0o100).toBe(0o100);
        expect((await stat(join(f.tempDir, "plain.out"))).mode & 0o111).toBe(0);
      },
      timeout,
    );

    it(
      "readFile replaces an existing local file, also with symlink: true",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, "fresh content");
        const dest = join(f.tempDir, "dest.txt");
        await writeFile(dest, "stale content that is longer");
        await f.store.readFile(fileId, dest);
        expect(await readFile(dest, "utf8")).toBe("fresh content");
        const linked = join(f.tempDir, "linked.txt");
        await f.store.readFile(fileId, linked, { symlink: true });
        expect(await readFile(linked, "utf8")).toBe("fresh content");
      },
      timeout,
    );

    it(
      "zero-length files from writeFile and from an empty stream read back empty",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "zero" }));
        const empty = join(f.tempDir, "empty");
        await writeFile(empty, "");
        const fromPath = await f.store.writeFile(empty, { jobId: job.jobStoreId, cleanup: true });
        const fromStream = await f.store.writeFileStream((w) => void w.end(), {
          jobId: job.jobStoreId,
          cleanup: true,
        });
        const reader = await f.open();
        for (const id of [fromPath, fromStream]) {
          expect(await reader.fileExists(id)).toBe(true);
          expect(await reader.getFileSize(id)).toBe(0);
          expect((await readFileBytes(reader, id)).length).toBe(0);
        }
        await f.store.deleteJob(job.jobStoreId);
        expect(await reader.fileExists(fromPath)).toBe(false);
      },
      timeout,
    );

    it(
      "getEmptyFileStoreId gives a file that exists, has size 0 and reads to an empty local file",
      async () => {
        const f = await useFixture(options);
        const loose = await f.store.getEmptyFileStoreId();
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "owner" }));
        const owned = await f.store.getEmptyFileStoreId({
          jobId: job.jobStoreId,
          cleanup: true,
          basename: "flag",
        });
        const reader = await f.open();
        for (const id of [loose, owned]) {
          expect(await reader.fileExists(id)).toBe(true);
          expect(await reader.getFileSize(id)).toBe(0);
          const local = join(f.tempDir, `empty-${id.length}-${Math.random()}`);
          await reader.readFile(id, local);
          expect((await stat(local)).size).toBe(0);
        }
      },
      timeout,
    );

    it(
      "contents around the inline limit round-trip, also when overwritten across it",
      async () => {
        const f = await useFixture(options);
        const limit = f.capabilities.inlineFileLimit > 0 ? f.capabilities.inlineFileLimit : 256;
        const sizes = [1, 128, limit - 1, limit, limit + 1, 2 * limit, 2 * limit, 0, limit, 1];
        const reader = await f.open();
        const fileId = await writeBytes(f.store, randomData(limit + 1));
        for (const size of sizes) {
          const data = randomData(size);
          await f.store.updateFileStream(fileId, (w) => void w.end(data));
          expect(digest(await readFileBytes(reader, fileId))).toBe(digest(data));
          expect(await reader.getFileSize(fileId)).toBe(size);
          const fresh = await writeBytes(f.store, data);
          expect(digest(await readFileBytes(reader, fresh))).toBe(digest(data));
        }
      },
      timeout,
    );

    it(
      "deleteJob deletes the job's cleanup files but not its other files, other jobs' files or shared files",
      async () => {
        const f = await useFixture(options);
        const doomed = await f.store.createJob(f.store.assignJobId({ jobName: "doomed" }));
        const other = await f.store.createJob(f.store.assignJobId({ jobName: "other" }));
        const cleaned = await writeBytes(f.store, "cleaned", { jobId: doomed.jobStoreId, cleanup: true });
        const kept = await writeBytes(f.store, "kept", { jobId: doomed.jobStoreId, cleanup: false });
        const othersFile = await writeBytes(f.store, "other's", { jobId: other.jobStoreId, cleanup: true });
        const loose = await writeBytes(f.store, "loose");
        await f.store.writeSharedFileStream("shared", (w) => void w.end("shared"));
        await f.store.deleteJob(doomed.jobStoreId);
        const reader = await f.open();
        expect(await reader.fileExists(cleaned)).toBe(false);
        for (const id of [kept, othersFile, loose]) expect(await reader.fileExists(id)).toBe(true);
        expect((await readFileBytes(reader, kept)).toString()).toBe("kept");
        expect(await reader.jobExists(other.jobStoreId)).toBe(true);
        expect((await readSharedBytes(reader, "shared")).toString()).toBe("shared");
      },
      timeout,
    );

    it(
      "files attached to an assigned job ID before createJob are deleted with the job",
      async () => {
        const f = await useFixture(options);
        const job = f.store.assignJobId({ jobName: "later" });
        const early = await writeBytes(f.store, "early", { jobId: job.jobStoreId, cleanup: true });
        await f.store.createJob(job);
        expect(await f.store.fileExists(early)).toBe(true);
        await f.store.deleteJob(job.jobStoreId);
        expect(await f.store.fileExists(early)).toBe(false);
      },
      timeout,
    );
  });
}
