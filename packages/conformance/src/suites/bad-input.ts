import type { JobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { collect, expectCode, readFileBytes, testTimeout } from "./support.js";

/** A string with a lone surrogate: UTF-8 cannot hold it, so no backend can store it as an ID. */
const LONE_SURROGATE = "job-\uD800-x";

/** Every lookup answers "absent" for `id`. */
async function expectAbsent(store: JobStore, id: string): Promise<void> {
  expect(await store.jobExists(id)).toBe(false);
  await expectCode(store.loadJob(id), "JOBSTORE_NO_SUCH_JOB");
  await store.deleteJob(id);
  expect(await store.fileExists(id)).toBe(false);
  expect(await store.getFileSize(id)).toBe(0);
  await store.deleteFile(id);
  await expectCode(store.readFileStream(id), "JOBSTORE_NO_SUCH_FILE");
  await expectCode(
    store.updateFileStream(id, (w) => void w.end("x")),
    "JOBSTORE_NO_SUCH_FILE",
  );
}

/** Every write that would store `id` rejects with `JOBSTORE_INVALID_NAME`. */
async function expectUnstorable(store: JobStore, id: string): Promise<void> {
  await expectCode(store.createJob({ jobStoreId: id }), "JOBSTORE_INVALID_NAME");
  await expectCode(store.updateJob({ jobStoreId: id }), "JOBSTORE_INVALID_NAME");
  await expectCode(store.setRootJob(id), "JOBSTORE_INVALID_NAME");
  await expectCode(
    store.writeFileStream((w) => void w.end("x"), { jobId: id }),
    "JOBSTORE_INVALID_NAME",
  );
  await expectCode(store.getEmptyFileStoreId({ jobId: id }), "JOBSTORE_INVALID_NAME");
  await expectCode(
    store.restoreFileStream(id, (w) => void w.end("x")),
    "JOBSTORE_INVALID_NAME",
  );
}

/**
 * Registers the bad-input tests, probing around the limits the backend states: IDs over
 * `capabilities.maxIdBytes` and lone surrogates are absent on lookups and `JOBSTORE_INVALID_NAME` on
 * writes, IDs at the limit work, shared names over `maxSharedNameBytes` are refused, jobs JSON
 * cannot hold are a `TypeError` that leaves the store usable, and a job whose `version` is not an
 * integer (`NaN`) is a `TypeError` from `updateJob` before the caller's object or the store changes.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerBadInputTests(options));
 * ```
 * @public
 */
export function registerBadInputTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("bad input", () => {
    it(
      "an ID with a lone surrogate is absent on lookups and JOBSTORE_INVALID_NAME on writes",
      async () => {
        const f = await useFixture(options);
        await expectAbsent(f.store, LONE_SURROGATE);
        await expectUnstorable(f.store, LONE_SURROGATE);
        expect(await collect(f.store.jobs())).toEqual([]);
      },
      timeout,
    );

    it(
      "an ID one byte over maxIdBytes is absent on lookups and JOBSTORE_INVALID_NAME on writes",
      async ({ skip }) => {
        const f = await useFixture(options);
        const max = f.capabilities.maxIdBytes;
        if (max === 0) skip("capabilities.maxIdBytes is 0: no ID limit");
        for (const id of ["j".repeat(max + 1), `${"é".repeat(Math.floor(max / 2))}é`]) {
          await expectAbsent(f.store, id);
          await expectUnstorable(f.store, id);
        }
      },
      timeout,
    );

    it(
      "a job ID and a restored file ID of exactly maxIdBytes bytes work",
      async ({ skip }) => {
        const f = await useFixture(options);
        const max = f.capabilities.maxIdBytes;
        if (max === 0) skip("capabilities.maxIdBytes is 0: no ID limit");
        const jobId = "j".repeat(max);
        const job = await f.store.createJob({ jobStoreId: jobId, body: "at the limit" });
        const fileId = `${"é".repeat(Math.floor((max - 1) / 2))}${"f".repeat(max % 2 === 0 ? 2 : 1)}`;
        expect(Buffer.byteLength(fileId)).toBe(max);
        await f.store.restoreFileStream(fileId, (w) => void w.end("content"), { jobId, cleanup: true });
        const reader = await f.open();
        expect(await reader.loadJob(jobId)).toEqual(job);
        expect((await readFileBytes(reader, fileId)).toString()).toBe("content");
        await reader.deleteJob(jobId);
        expect(await reader.fileExists(fileId)).toBe(false);
      },
      timeout,
    );

    it(
      "the IDs the backend makes fit its own limit, whatever the job ID and basename",
      async () => {
        const f = await useFixture(options);
        const max = f.capabilities.maxIdBytes;
        const jobId = max > 0 ? "j".repeat(max) : "j".repeat(1000);
        const fileId = await f.store.writeFileStream((w) => void w.end("x"), {
          jobId,
          basename: "b".repeat(200),
        });
        if (max > 0) expect(Buffer.byteLength(fileId)).toBeLessThanOrEqual(max);
        expect((await readFileBytes(await f.open(), fileId)).toString()).toBe("x");
      },
      timeout,
    );

    it(
      "a shared name over maxSharedNameBytes is JOBSTORE_INVALID_NAME; one at the limit works",
      async ({ skip }) => {
        const f = await useFixture(options);
        const max = f.capabilities.maxSharedNameBytes;
        if (max === 0) skip("capabilities.maxSharedNameBytes is 0: no limit");
        const over = "s".repeat(max + 1);
        await expectCode(
          f.store.writeSharedFileStream(over, (w) => void w.end("x")),
          "JOBSTORE_INVALID_NAME",
        );
        await expectCode(f.store.readSharedFileStream(over), "JOBSTORE_INVALID_NAME");
        const atLimit = "s".repeat(max);
        await f.store.writeSharedFileStream(atLimit, (w) => void w.end("fits"));
        expect((await collect((await f.open()).listSharedFiles())).map((s) => s.name)).toContain(atLimit);
      },
      timeout,
    );

    it(
      "jobs JSON cannot hold are a TypeError before any write, and the store stays usable",
      async () => {
        const f = await useFixture(options);
        const cyclic: Record<string, unknown> = { jobStoreId: "cyclic" };
        cyclic.self = cyclic;
        let deep: Record<string, unknown> = {};
        for (let i = 0; i < 5000; i++) deep = { deep };
        const bad = [
          { jobStoreId: "bigint", n: 10n },
          cyclic,
          { jobStoreId: "deep", deep },
          { jobStoreId: "string-json", toJSON: () => "a string" },
          { jobStoreId: "no-id-json", toJSON: () => ({ other: 1 }) },
        ];
        for (const job of bad) {
          await expect(f.store.createJob(job), String(job.jobStoreId)).rejects.toThrow(TypeError);
          expect(job.version, "the failed write left the version alone").toBeUndefined();
        }
        const reader = await f.open();
        for (const job of bad) expect(await reader.jobExists(job.jobStoreId as string)).toBe(false);
        const good = await f.store.createJob(f.store.assignJobId({ jobName: "fine" }));
        expect(await reader.loadJob(good.jobStoreId)).toEqual(good);
      },
      timeout,
    );

    it(
      "updateJob of a job whose version is NaN, infinite or fractional is refused before any change",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "versioned", body: "old" }));
        for (const version of [Number.NaN, Number.POSITIVE_INFINITY, 1.5]) {
          const bad = { ...job, version, body: "new" };
          const before = { ...bad };
          await expect(f.store.updateJob(bad), `version ${version}`).rejects.toThrow(TypeError);
          expect(bad, `the caller's job after version ${version}`).toEqual(before);
          expect(
            await (await f.open()).loadJob(job.jobStoreId),
            `the stored job after version ${version}`,
          ).toEqual(job);
        }
      },
      timeout,
    );
  });
}
