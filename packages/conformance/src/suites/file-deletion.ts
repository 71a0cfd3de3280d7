import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { expectCode, testTimeout, writeBytes } from "./support.js";

/** Toil's `_batchDeletionSize()` default, probed when the backend deletes one item per request. */
const DEFAULT_BATCH = 10;

/**
 * Registers the deletion cascade tests: `deleteJob` removes every cleanup file of the job at file counts
 * around the backend's delete batch size (1, n−1, n, n+1, 2n), where off-by-one paging bugs live.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerFileDeletionTests(options));
 * ```
 * @public
 */
export function registerFileDeletionTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options, 2);

  describe("file deletion cascade", () => {
    it(
      "deleteJob removes every cleanup file at 1, n−1, n, n+1 and 2n files (n = deleteBatchSize)",
      async () => {
        const f = await useFixture(options);
        const batch = f.capabilities.deleteBatchSize;
        const n = batch > 1 ? batch : DEFAULT_BATCH;
        const counts = [...new Set([1, n - 1, n, n + 1, 2 * n])].filter((c) => c > 0);
        const reader = await f.open();
        for (const count of counts) {
          const job = await f.store.createJob(f.store.assignJobId({ jobName: `cascade-${count}` }));
          const fileIds: string[] = [];
          for (let i = 0; i < count; i++) {
            // Alternate empty and non-empty files: backends may keep them in different places.
            fileIds.push(
              i % 2 === 0
                ? await f.store.getEmptyFileStoreId({ jobId: job.jobStoreId, cleanup: true })
                : await writeBytes(f.store, `content ${i}`.repeat(40), {
                    jobId: job.jobStoreId,
                    cleanup: true,
                  }),
            );
          }
          const survivor = await writeBytes(f.store, "not cleanup", { jobId: job.jobStoreId });
          await f.store.deleteJob(job.jobStoreId);
          for (const fileId of fileIds) {
            expect(await reader.fileExists(fileId), `file of a job with ${count} files`).toBe(false);
            await expectCode(reader.readFileStream(fileId), "JOBSTORE_NO_SUCH_FILE");
          }
          expect(await reader.fileExists(survivor)).toBe(true);
          expect(await reader.jobExists(job.jobStoreId)).toBe(false);
        }
      },
      timeout,
    );

    it(
      "deleteJob on a job that is already gone still removes its remaining cleanup files",
      async () => {
        const f = await useFixture(options);
        const job = f.store.assignJobId({ jobName: "never created" });
        const fileId = await writeBytes(f.store, "orphan", { jobId: job.jobStoreId, cleanup: true });
        await f.store.deleteJob(job.jobStoreId);
        expect(await f.store.fileExists(fileId)).toBe(false);
      },
      timeout,
    );
  });
}
