import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { collectJobs, testTimeout } from "./support.js";

/** Toil's `testBatchCreate` size. */
const BATCH_JOBS = 100;

/**
 * Registers the `batch()` tests: deferred creates are all written, a failed batch leaves nothing
 * behind and does not swallow later creates (Toil's `_batchedUpdates` bug), and calls outside the
 * batch's callback are not drawn into it.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerBatchTests(options));
 * ```
 * @public
 */
export function registerBatchTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("batch", () => {
    it(
      `createJob of ${BATCH_JOBS} jobs inside batch() makes all of them exist afterwards`,
      async () => {
        const f = await useFixture(options);
        const ids: string[] = [];
        const result = await f.store.batch(async () => {
          for (let i = 0; i < BATCH_JOBS; i++) {
            const job = await f.store.createJob(f.store.assignJobId({ jobName: `batched-${i}`, i }));
            ids.push(job.jobStoreId);
          }
          return "done";
        });
        expect(result).toBe("done");
        const reader = await f.open();
        for (const id of ids) expect(await reader.jobExists(id)).toBe(true);
        expect((await collectJobs(reader)).length).toBe(BATCH_JOBS);
      },
      timeout,
    );

    it(
      "a batch of large jobs (over 1 MB in total) is written completely",
      async () => {
        const f = await useFixture(options);
        const jobs = await f.store.batch(async () => {
          const made = [];
          for (let i = 0; i < 60; i++) {
            made.push(
              await f.store.createJob(
                f.store.assignJobId({ jobName: `big-${i}`, pad: `${i}`.repeat(20_000) }),
              ),
            );
          }
          return made;
        });
        const reader = await f.open();
        for (const job of jobs) expect(await reader.loadJob(job.jobStoreId)).toEqual(job);
      },
      timeout,
    );

    it(
      "a job changed after createJob inside batch() is stored as it was at createJob time",
      async () => {
        const f = await useFixture(options);
        const job = f.store.assignJobId({ jobName: "snap", state: "at create" });
        await f.store.batch(async () => {
          await f.store.createJob(job);
          job.state = "changed later";
        });
        const reader = await f.open();
        const loaded = await reader.loadJob(job.jobStoreId);
        expect(loaded.state).toBe("at create");
        expect(loaded.version).toBe(1);
      },
      timeout,
    );

    it(
      "a batch whose callback rejects drops the jobs created inside it",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (!f.capabilities.batchCreate) skip("capabilities.batchCreate is false: creates are not deferred");
        const ids: string[] = [];
        const failure = new Error("the callback failed");
        await expect(
          f.store.batch(async () => {
            for (let i = 0; i < 5; i++)
              ids.push((await f.store.createJob(f.store.assignJobId({ jobName: `x${i}` }))).jobStoreId);
            throw failure;
          }),
        ).rejects.toBe(failure);
        const reader = await f.open();
        for (const id of ids) expect(await reader.jobExists(id)).toBe(false);
      },
      timeout,
    );

    it(
      "after a batch whose callback rejects, createJob and batch() work again",
      async () => {
        const f = await useFixture(options);
        await expect(
          f.store.batch(async () => {
            await f.store.createJob(f.store.assignJobId({ jobName: "lost" }));
            throw new Error("boom");
          }),
        ).rejects.toThrow();
        const single = await f.store.createJob(f.store.assignJobId({ jobName: "after" }));
        const batched = await f.store.batch(() =>
          f.store.createJob(f.store.assignJobId({ jobName: "after, batched" })),
        );
        const reader = await f.open();
        expect(await reader.jobExists(single.jobStoreId)).toBe(true);
        expect(await reader.jobExists(batched.jobStoreId)).toBe(true);
      },
      timeout,
    );

    it(
      "createJob outside a running batch's callback is written at once, not deferred into the batch",
      async () => {
        const f = await useFixture(options);
        const reader = await f.open();
        let release!: () => void;
        const gate = new Promise<void>((resolve) => {
          release = resolve;
        });
        const running = f.store.batch(async () => {
          await f.store.createJob(f.store.assignJobId({ jobName: "inside" }));
          await gate;
        });
        const outside = await f.store.createJob(f.store.assignJobId({ jobName: "outside" }));
        expect(await reader.jobExists(outside.jobStoreId)).toBe(true);
        release();
        await running;
      },
      timeout,
    );

    it(
      "batch() with no createJob inside resolves with the callback's value and writes nothing",
      async () => {
        const f = await useFixture(options);
        expect(await f.store.batch(() => 42)).toBe(42);
        expect(await collectJobs(f.store)).toEqual([]);
      },
      timeout,
    );
  });
}
