import { once } from "node:events";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import {
  digest,
  expectFailedSharedWriteKeepsPrevious,
  failedFileWrite,
  partSizeOf,
  randomData,
  readFileBytes,
  readSharedBytes,
  testTimeout,
  writeBytes,
  writeChunks,
} from "./support.js";

/** Toil's `testMultipartUploads` buffer size. */
const BUFFER_SIZE = 64 * 1024;
/** Toil's `testLargeFile` size (10 × its 5 MiB part size). */
const LARGE_FILE_BYTES = 50 * 1024 * 1024;
/** Toil's `testPartialReadFromStream` size: bigger than any pipe buffer, so a blocked writer would hang. */
const PARTIAL_READ_BYTES = 300_000;

/**
 * Registers the stream tests: multipart-sized streams, a 50 MiB file, partial reads that must not hang,
 * and writes or updates whose callback fails, which must leave nothing or the previous content.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerFileStreamTests(options));
 * ```
 * @public
 */
export function registerFileStreamTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);
  const longTimeout = testTimeout(options, 2);

  describe("file streams", () => {
    for (const parts of [1, 2.33]) {
      it(
        `a stream of ${parts} part sizes written in 64 KiB buffers reads back intact, also from a path`,
        async () => {
          const f = await useFixture(options);
          // Toil streams whole 64 KiB buffers; a backend with a smaller part size gets part-sized buffers.
          const part = partSizeOf(f.store);
          const bufferSize = Math.min(BUFFER_SIZE, part);
          const data = randomData(Math.floor((part * parts) / bufferSize) * bufferSize);
          const job = await f.store.createJob(f.store.assignJobId({ jobName: "multipart" }));
          const reader = await f.open();

          const streamed = await f.store.writeFileStream((w) => writeChunks(w, data, bufferSize), {
            jobId: job.jobStoreId,
            cleanup: true,
          });
          expect(digest(await readFileBytes(reader, streamed))).toBe(digest(data));
          expect(await reader.getFileSize(streamed)).toBe(data.length);

          const local = join(f.tempDir, "multipart.bin");
          await writeFile(local, data);
          const fromPath = await f.store.writeFile(local, { jobId: job.jobStoreId, cleanup: true });
          expect(digest(await readFileBytes(reader, fromPath))).toBe(digest(data));

          await f.store.deleteJob(job.jobStoreId);
          expect(await reader.fileExists(streamed)).toBe(false);
          expect(await reader.fileExists(fromPath)).toBe(false);
        },
        longTimeout,
      );
    }

    it(
      "streams of one part size minus one, exactly, and plus one byte read back intact",
      async () => {
        const f = await useFixture(options);
        const part = partSizeOf(f.store);
        const reader = await f.open();
        for (const size of [part - 1, part, part + 1]) {
          const data = randomData(size);
          const fileId = await f.store.writeFileStream((w) => writeChunks(w, data, 1024 * 1024 - 1));
          expect(digest(await readFileBytes(reader, fileId))).toBe(digest(data));
        }
      },
      longTimeout,
    );

    it(
      "a 50 MiB file written from a path reads back to the same path intact",
      async () => {
        const f = await useFixture(options);
        const data = randomData(LARGE_FILE_BYTES);
        const local = join(f.tempDir, "large.bin");
        await writeFile(local, data);
        const fileId = await f.store.writeFile(local);
        await rm(local);
        const reader = await f.open();
        await reader.readFile(fileId, local);
        expect(digest(await readFile(local))).toBe(digest(data));
        expect(await reader.getFileSize(fileId)).toBe(LARGE_FILE_BYTES);
      },
      longTimeout,
    );

    it(
      "reading one byte of a stream and destroying it does not hang, and the file stays usable",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, Buffer.alloc(PARTIAL_READ_BYTES, "a"));
        for (let round = 0; round < 3; round++) {
          const stream = await f.store.readFileStream(fileId);
          await once(stream, "readable");
          const chunk = stream.read(1) as Buffer | null;
          expect(chunk?.toString()).toBe("a");
          const closed = once(stream, "close");
          stream.destroy();
          await closed;
        }
        await f.store.updateFileStream(fileId, (w) => void w.end("b"));
        expect((await readFileBytes(f.store, fileId)).toString()).toBe("b");
        await f.store.deleteFile(fileId);
        expect(await f.store.fileExists(fileId)).toBe(false);
      },
      timeout,
    );

    it(
      "a partly read shared file stream can be destroyed without hanging",
      async () => {
        const f = await useFixture(options);
        await f.store.writeSharedFileStream("big", (w) =>
          writeChunks(w, Buffer.alloc(PARTIAL_READ_BYTES, "s")),
        );
        const stream = await f.store.readSharedFileStream("big");
        await once(stream, "readable");
        expect((stream.read(1) as Buffer | null)?.toString()).toBe("s");
        const closed = once(stream, "close");
        stream.destroy();
        await closed;
        await f.store.writeSharedFileStream("big", (w) => void w.end("small"));
        expect((await readSharedBytes(f.store, "big")).toString()).toBe("small");
      },
      timeout,
    );

    it(
      "two handles reading the same file at once both get the whole content",
      async () => {
        const f = await useFixture(options);
        const data = randomData(3 * 1024 * 1024);
        const fileId = await writeBytes(f.store, data);
        const reader = await f.open();
        const [one, two] = await Promise.all([readFileBytes(f.store, fileId), readFileBytes(reader, fileId)]);
        expect(digest(one)).toBe(digest(data));
        expect(digest(two)).toBe(digest(data));
      },
      timeout,
    );

    it(
      "updateFileStream whose callback writes and then rejects keeps the old content",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, "foo");
        const failure = new Error("the callback failed");
        await expect(
          f.store.updateFileStream(fileId, async (w) => {
            w.write("bar");
            throw failure;
          }),
        ).rejects.toBe(failure);
        const reader = await f.open();
        expect((await readFileBytes(reader, fileId)).toString()).toBe("foo");
      },
      timeout,
    );

    it(
      "updateFileStream whose callback ends the writable and then rejects keeps the old content",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, "foo");
        const big = randomData(partSizeOf(f.store) + BUFFER_SIZE);
        const failure = new Error("failed after ending");
        await expect(
          f.store.updateFileStream(fileId, async (w) => {
            await writeChunks(w, big);
            w.end();
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect((await readFileBytes(f.store, fileId)).toString()).toBe("foo");
        expect(await f.store.getFileSize(fileId)).toBe(3);
      },
      longTimeout,
    );

    it(
      "writeFileStream whose callback rejects stores nothing under the ID it was given",
      async () => {
        const f = await useFixture(options);
        const failure = new Error("the callback failed");
        const fileId = await failedFileWrite(f.store, failure, async (w) => {
          await writeChunks(w, randomData(200_000));
          throw failure;
        });
        const reader = await f.open();
        expect(await reader.fileExists(fileId)).toBe(false);
        expect(await reader.getFileSize(fileId)).toBe(0);
      },
      timeout,
    );

    it(
      "writeSharedFileStream whose callback rejects keeps the previous shared file",
      async () => {
        const f = await useFixture(options);
        const failure = new Error("the callback failed");
        await expectFailedSharedWriteKeepsPrevious(f.store, failure, (w) => {
          w.write("half");
          throw failure;
        });
      },
      timeout,
    );
  });
}
