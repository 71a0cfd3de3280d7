import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isJobStoreError } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { expectCode, readFileBytes, testTimeout, writeBytes } from "./support.js";

/** Toil retried not-found for 30 s; a missing thing must be reported well within this. */
const PROMPT_NOT_FOUND_MS = 5_000;

/**
 * Registers the not-found error code tests per method (`JOBSTORE_NO_SUCH_JOB`, `JOBSTORE_NO_SUCH_FILE`):
 * the right code, no side effect (nothing created or resurrected), not retryable, reported promptly.
 * The other codes are checked in their feature areas (lifecycle, handle state, abort, shared files,
 * public URLs, import and export).
 *
 * @example
 * ```ts
 * describe("my backend", () => registerErrorCodeTests(options));
 * ```
 * @public
 */
export function registerErrorCodeTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("error codes", () => {
    it(
      "updateJob of a job that was never created rejects with JOBSTORE_NO_SUCH_JOB and creates nothing",
      async () => {
        const f = await useFixture(options);
        const job = f.store.assignJobId({ jobName: "ghost" });
        await expectCode(f.store.updateJob(job), "JOBSTORE_NO_SUCH_JOB");
        expect(await (await f.open()).jobExists(job.jobStoreId)).toBe(false);
      },
      timeout,
    );

    it(
      "updateJob of a deleted job rejects with JOBSTORE_NO_SUCH_JOB and does not bring it back",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "deleted" }));
        const reader = await f.open();
        await reader.deleteJob(job.jobStoreId);
        await expectCode(f.store.updateJob(job), "JOBSTORE_NO_SUCH_JOB");
        expect(await reader.jobExists(job.jobStoreId)).toBe(false);
        await expectCode(reader.loadJob(job.jobStoreId), "JOBSTORE_NO_SUCH_JOB");
      },
      timeout,
    );

    it(
      "readFile and readFileStream of a missing file reject with JOBSTORE_NO_SUCH_FILE and write no local file",
      async () => {
        const f = await useFixture(options);
        const local = join(f.tempDir, "never");
        await expectCode(f.store.readFile("no-such-file-id", local), "JOBSTORE_NO_SUCH_FILE");
        await expectCode(f.store.readFileStream("no-such-file-id"), "JOBSTORE_NO_SUCH_FILE");
        expect(existsSync(local)).toBe(false);
      },
      timeout,
    );

    it(
      "updateFile and updateFileStream of a deleted file reject with JOBSTORE_NO_SUCH_FILE and do not recreate it",
      async () => {
        const f = await useFixture(options);
        const fileId = await writeBytes(f.store, "short-lived");
        const reader = await f.open();
        await reader.deleteFile(fileId);
        const local = join(f.tempDir, "local");
        await writeFile(local, "new content");
        await expectCode(f.store.updateFile(fileId, local), "JOBSTORE_NO_SUCH_FILE");
        await expectCode(
          f.store.updateFileStream(fileId, (w) => void w.end("new content")),
          "JOBSTORE_NO_SUCH_FILE",
        );
        expect(await reader.fileExists(fileId)).toBe(false);
        expect(await reader.getFileSize(fileId)).toBe(0);
      },
      timeout,
    );

    it(
      "updateFile and updateFileStream of an unknown file ID reject with JOBSTORE_NO_SUCH_FILE",
      async () => {
        const f = await useFixture(options);
        const local = join(f.tempDir, "local");
        await writeFile(local, "x");
        await expectCode(f.store.updateFile("no-such-file-id", local), "JOBSTORE_NO_SUCH_FILE");
        await expectCode(
          f.store.updateFileStream("no-such-file-id", (w) => void w.end("x")),
          "JOBSTORE_NO_SUCH_FILE",
        );
        expect(await f.store.fileExists("no-such-file-id")).toBe(false);
      },
      timeout,
    );

    it(
      "readSharedFileStream of a name never written rejects with JOBSTORE_NO_SUCH_FILE",
      async () => {
        const f = await useFixture(options);
        await expectCode(f.store.readSharedFileStream("missing"), "JOBSTORE_NO_SUCH_FILE");
      },
      timeout,
    );

    it(
      "writeFile of a local path that does not exist rejects with JOBSTORE_NO_SUCH_FILE",
      async () => {
        const f = await useFixture(options);
        await expectCode(f.store.writeFile(join(f.tempDir, "absent")), "JOBSTORE_NO_SUCH_FILE");
      },
      timeout,
    );

    it(
      "absence is not an error: fileExists is false, getFileSize is 0 and deleteFile succeeds on an unknown ID",
      async () => {
        const f = await useFixture(options);
        for (const id of ["no-such-file-id", "a/b/../c", "with space", "x".repeat(500)]) {
          expect(await f.store.fileExists(id)).toBe(false);
          expect(await f.store.getFileSize(id)).toBe(0);
          await f.store.deleteFile(id);
        }
        const fileId = await writeBytes(f.store, "kept");
        expect((await readFileBytes(f.store, fileId)).toString()).toBe("kept");
      },
      timeout,
    );

    it(
      "not-found errors are JobStoreErrors that are not retryable and come promptly",
      async () => {
        const f = await useFixture(options);
        const calls: Array<() => Promise<unknown>> = [
          () => f.store.loadJob("no-such-job"),
          () => f.store.readFileStream("no-such-file-id"),
          () => f.store.readSharedFileStream("missing"),
          () => f.store.updateFileStream("no-such-file-id", (w) => void w.end()),
        ];
        for (const call of calls) {
          const started = Date.now();
          const error = await call().then(
            () => undefined,
            (err: unknown) => err,
          );
          expect(Date.now() - started).toBeLessThan(PROMPT_NOT_FOUND_MS);
          expect(isJobStoreError(error)).toBe(true);
          expect((error as { retryable?: unknown }).retryable).toBe(false);
        }
      },
      timeout,
    );
  });
}
