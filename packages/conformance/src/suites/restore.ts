import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import {
  collect,
  digest,
  expectCode,
  randomData,
  readFileBytes,
  testTimeout,
  writeBytes,
  writeChunks,
} from "./support.js";

/** An ID as another backend might have made it: not from this backend's `newFileId`. */
function foreignId(): string {
  return `restored/${randomUUID()}/data.bin`;
}

/**
 * Registers the `restoreFileStream` tests: the file keeps the given ID and metadata, a taken ID is
 * `JOBSTORE_EXISTS`, the content reads back from another handle, and a restored cleanup file goes with
 * its job.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerRestoreTests(options));
 * ```
 * @public
 */
export function registerRestoreTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("restoreFileStream", () => {
    it(
      "stores the content under the given ID, readable from another handle, with its metadata",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "owner" }));
        const fileId = foreignId();
        const data = randomData(100_000);
        await f.store.restoreFileStream(fileId, (w) => writeChunks(w, data), {
          jobId: job.jobStoreId,
          cleanup: true,
          executable: true,
        });
        const reader = await f.open();
        expect(await reader.fileExists(fileId)).toBe(true);
        expect(await reader.getFileSize(fileId)).toBe(data.length);
        expect(digest(await readFileBytes(reader, fileId))).toBe(digest(data));
        const info = (await collect(reader.listFiles())).find((file) => file.fileId === fileId);
        expect(info).toMatchObject({ jobId: job.jobStoreId, cleanup: true, executable: true });
        const local = join(f.tempDir, "restored.bin");
        await reader.readFile(fileId, local);
        expect(digest(await readFile(local))).toBe(digest(data));
      },
      timeout,
    );

    it(
      "a taken ID rejects with JOBSTORE_EXISTS and keeps the content",
      async () => {
        const f = await useFixture(options);
        const made = await writeBytes(f.store, "original");
        await expectCode(
          f.store.restoreFileStream(made, (w) => void w.end("other")),
          "JOBSTORE_EXISTS",
        );
        const restored = foreignId();
        await f.store.restoreFileStream(restored, (w) => void w.end("first"));
        await expectCode(
          (await f.open()).restoreFileStream(restored, (w) => void w.end("second")),
          "JOBSTORE_EXISTS",
        );
        expect((await readFileBytes(f.store, made)).toString()).toBe("original");
        expect((await readFileBytes(f.store, restored)).toString()).toBe("first");
      },
      timeout,
    );

    it(
      "a restored file can be updated and deleted like any other",
      async () => {
        const f = await useFixture(options);
        const fileId = foreignId();
        await f.store.restoreFileStream(fileId, (w) => void w.end("v1"));
        await f.store.updateFileStream(fileId, (w) => void w.end("version 2"));
        expect((await readFileBytes(await f.open(), fileId)).toString()).toBe("version 2");
        await f.store.deleteFile(fileId);
        expect(await f.store.fileExists(fileId)).toBe(false);
      },
      timeout,
    );

    it(
      "deleteJob removes the job's restored cleanup files and keeps the others",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "owner" }));
        const cleaned = foreignId();
        const kept = foreignId();
        await f.store.restoreFileStream(cleaned, (w) => void w.end("c"), {
          jobId: job.jobStoreId,
          cleanup: true,
        });
        await f.store.restoreFileStream(kept, (w) => void w.end("k"), { jobId: job.jobStoreId });
        await f.store.deleteJob(job.jobStoreId);
        const reader = await f.open();
        expect(await reader.fileExists(cleaned)).toBe(false);
        expect(await reader.fileExists(kept)).toBe(true);
      },
      timeout,
    );
  });
}
