import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { collectJobs, expectCode, randomData, testTimeout } from "./support.js";

/** Toil's requirement dicts: arbitrary values the store must keep exactly. */
const PARENT = { jobName: "parent", memory: 12, cores: 34, disk: 35, preemptible: true };
const CHILD1 = { jobName: "child1", memory: 23, cores: 45, disk: 46, preemptible: true };
const CHILD2 = { jobName: "child2", memory: 34, cores: 56, disk: 57, preemptible: false };

/** Toil's `testGrowingAndShrinkingJob` size: large enough to force a chunked or spilled job record. */
const GROWN_JOB_BYTES = 500_000;

/**
 * Registers the job tests: creation, loading across handles, updates, deletion, `jobs()`, the root job
 * and jobs that grow and shrink.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerJobTests(options));
 * ```
 * @public
 */
export function registerJobTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("jobs", () => {
    it(
      "jobExists on an unknown ID is false and loadJob rejects with JOBSTORE_NO_SUCH_JOB",
      async () => {
        const f = await useFixture(options);
        expect(await f.store.jobExists("nonexistentJob")).toBe(false);
        await expectCode(f.store.loadJob("nonexistentJob"), "JOBSTORE_NO_SUCH_JOB");
        expect(await collectJobs(f.store)).toEqual([]);
      },
      timeout,
    );

    it(
      "any non-empty string is a valid job ID to ask about",
      async () => {
        const f = await useFixture(options);
        for (const id of [
          "a/b/../c",
          "with space",
          "ünïcødé",
          "'; DROP TABLE jobs; --",
          "x".repeat(1000),
          "*",
        ]) {
          expect(await f.store.jobExists(id)).toBe(false);
          await expectCode(f.store.loadJob(id), "JOBSTORE_NO_SUCH_JOB");
          await f.store.deleteJob(id);
        }
      },
      timeout,
    );

    it(
      "assignJobId sets a new unique jobStoreId on the object passed in",
      async () => {
        const f = await useFixture(options);
        const job: { jobName: string; jobStoreId?: string } = { jobName: "a" };
        const same = f.store.assignJobId(job);
        expect(same).toBe(job);
        expect(typeof job.jobStoreId).toBe("string");
        const ids = new Set(Array.from({ length: 100 }, () => f.store.assignJobId({}).jobStoreId));
        expect(ids.size).toBe(100);
        // An assigned ID names no job until createJob.
        expect(await f.store.jobExists(job.jobStoreId as string)).toBe(false);
      },
      timeout,
    );

    it(
      "createJob returns the same object with version incremented, and jobExists becomes true",
      async () => {
        const f = await useFixture(options);
        const job = f.store.assignJobId({ ...PARENT });
        const created = await f.store.createJob(job);
        expect(created).toBe(job);
        expect(created.version).toBe(1);
        expect(await f.store.jobExists(job.jobStoreId)).toBe(true);
        expect(await f.store.loadJob(job.jobStoreId)).toMatchObject(PARENT);
      },
      timeout,
    );

    it(
      "loadJob on another handle returns a deep-equal job",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(
          f.store.assignJobId({
            ...PARENT,
            command: "echo hi",
            nested: { list: [1, 2.5, "three", null, true, { deep: [[]] }], empty: {} },
            unicode: "żółć ✓ 𝄞",
          }),
        );
        const reader = await f.open();
        const loaded = await reader.loadJob(job.jobStoreId);
        expect(loaded).toEqual(job);
        expect(loaded).not.toBe(job);
      },
      timeout,
    );

    it(
      "a successor added with updateJob loads as the child on another handle",
      async () => {
        const f = await useFixture(options);
        const parent = await f.store.createJob(
          f.store.assignJobId({ ...PARENT, successors: [] as string[] }),
        );
        const child = await f.store.createJob(f.store.assignJobId({ ...CHILD1, command: "child body" }));
        parent.successors.push(child.jobStoreId);
        await f.store.updateJob(parent);
        const reader = await f.open();
        const loadedParent = await reader.loadJob(parent.jobStoreId);
        const firstSuccessor = (loadedParent.successors as string[])[0] as string;
        expect(await reader.loadJob(firstSuccessor)).toEqual(child);
      },
      timeout,
    );

    it(
      "filesToDelete persists through updateJob",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(
          f.store.assignJobId({ jobName: "j", filesToDelete: [] as string[] }),
        );
        job.filesToDelete = ["1", "2"];
        await f.store.updateJob(job);
        const reader = await f.open();
        expect((await reader.loadJob(job.jobStoreId)).filesToDelete).toEqual(["1", "2"]);
      },
      timeout,
    );

    it(
      "updateJob on one handle is visible on another and increments version",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ ...PARENT, successors: [] as string[] }));
        const reader = await f.open();
        const readerCopy = await reader.loadJob(job.jobStoreId);
        const c1 = await reader.createJob(reader.assignJobId({ ...CHILD1 }));
        const c2 = await reader.createJob(reader.assignJobId({ ...CHILD2 }));
        readerCopy.successors = [c1.jobStoreId, c2.jobStoreId];
        await reader.updateJob(readerCopy);
        expect(readerCopy.version).toBe(2);
        // The writer's copy is stale until reloaded.
        expect(job.successors).toEqual([]);
        const reloaded = await f.store.loadJob(job.jobStoreId);
        expect(reloaded.successors).toEqual([c1.jobStoreId, c2.jobStoreId]);
        expect(reloaded.version).toBe(2);
        expect(reloaded).toEqual(readerCopy);
      },
      timeout,
    );

    it(
      "updateJob replaces the whole job: removed fields stay removed",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "j", a: 1, b: { c: 2 } }));
        const replacement: Record<string, unknown> = {
          jobStoreId: job.jobStoreId,
          jobName: "j2",
          version: job.version,
          z: 9,
        };
        await f.store.updateJob(replacement);
        const reader = await f.open();
        expect(await reader.loadJob(job.jobStoreId)).toEqual(replacement);
      },
      timeout,
    );

    it(
      "deleteJob removes only that job, is idempotent, and jobs() is a subset of what exists",
      async () => {
        const f = await useFixture(options);
        const parent = await f.store.createJob(f.store.assignJobId({ ...PARENT }));
        const c1 = await f.store.createJob(f.store.assignJobId({ ...CHILD1 }));
        const c2 = await f.store.createJob(f.store.assignJobId({ ...CHILD2 }));
        const reader = await f.open();
        const all = new Set([parent.jobStoreId, c1.jobStoreId, c2.jobStoreId]);
        for (const job of await collectJobs(reader)) expect(all.has(job.jobStoreId)).toBe(true);

        await f.store.deleteJob(parent.jobStoreId);
        expect(await reader.jobExists(parent.jobStoreId)).toBe(false);
        await expectCode(reader.loadJob(parent.jobStoreId), "JOBSTORE_NO_SUCH_JOB");
        expect(await reader.jobExists(c1.jobStoreId)).toBe(true);
        expect(await reader.jobExists(c2.jobStoreId)).toBe(true);
        for (const child of [c1, c2]) {
          await reader.deleteJob(child.jobStoreId);
          expect(await f.store.jobExists(child.jobStoreId)).toBe(false);
          await expectCode(f.store.loadJob(child.jobStoreId), "JOBSTORE_NO_SUCH_JOB");
        }
        await f.store.deleteJob(parent.jobStoreId);
        expect(await collectJobs(f.store)).toEqual([]);
      },
      timeout,
    );

    it(
      "jobs() yields every job exactly once, deep-equal to what was stored",
      async () => {
        const f = await useFixture(options);
        const created = [];
        for (let i = 0; i < 30; i++)
          created.push(await f.store.createJob(f.store.assignJobId({ jobName: `j${i}`, i })));
        const reader = await f.open();
        const listed = await collectJobs(reader);
        const byId = (a: { jobStoreId: string }, b: { jobStoreId: string }) =>
          a.jobStoreId.localeCompare(b.jobStoreId);
        expect(listed.sort(byId)).toEqual([...created].sort(byId));
      },
      timeout,
    );

    it(
      "jobs() tolerates jobs deleted during the walk and never yields one twice",
      async () => {
        const f = await useFixture(options);
        const ids: string[] = [];
        for (let i = 0; i < 20; i++)
          ids.push((await f.store.createJob(f.store.assignJobId({ jobName: `j${i}` }))).jobStoreId);
        const seen: string[] = [];
        for await (const job of f.store.jobs()) {
          seen.push(job.jobStoreId);
          if (seen.length === 1) for (const id of ids.slice(10)) await f.store.deleteJob(id);
        }
        // Best effort: jobs may be missed, but none twice and none that never existed.
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of seen) expect(ids).toContain(id);
        expect((await collectJobs(f.store)).map((j) => j.jobStoreId).sort()).toEqual(ids.slice(0, 10).sort());
      },
      timeout,
    );

    it(
      "setRootJob on one handle makes loadRootJob on another return that job",
      async () => {
        const f = await useFixture(options);
        const root = await f.store.createJob(f.store.assignJobId({ jobName: "root", command: "run" }));
        await f.store.setRootJob(root.jobStoreId);
        const reader = await f.open();
        expect(await reader.loadRootJob()).toEqual(root);
      },
      timeout,
    );

    it(
      "loadRootJob with no root set, or with the root deleted, rejects with JOBSTORE_NO_SUCH_JOB",
      async () => {
        const f = await useFixture(options);
        await expectCode(f.store.loadRootJob(), "JOBSTORE_NO_SUCH_JOB");
        const root = await f.store.createJob(f.store.assignJobId({ jobName: "root" }));
        await f.store.setRootJob(root.jobStoreId);
        await f.store.deleteJob(root.jobStoreId);
        await expectCode(f.store.loadRootJob(), "JOBSTORE_NO_SUCH_JOB");
      },
      timeout,
    );

    it(
      `a job grown by ${GROWN_JOB_BYTES} bytes and shrunk again round-trips each time`,
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(
          f.store.assignJobId({ jobName: "grower", blob: null as string | null }),
        );
        const reader = await f.open();
        job.blob = randomData(GROWN_JOB_BYTES).toString("base64");
        await f.store.updateJob(job);
        expect(await reader.loadJob(job.jobStoreId)).toEqual(job);
        job.blob = null;
        await f.store.updateJob(job);
        const shrunk = await reader.loadJob(job.jobStoreId);
        expect(shrunk).toEqual(job);
        expect(shrunk.blob).toBeNull();
        expect(await collectJobs(reader)).toEqual([job]);
      },
      timeout,
    );

    it(
      "jobs around the backend's chunk and overlarge limits round-trip",
      async () => {
        const f = await useFixture(options);
        const caps = f.capabilities;
        // Job records are JSON: each limit is probed with a string field of about that many characters.
        const anchors = [caps.jobChunkSize, caps.overlargeJobThreshold].filter((n) => n > 0);
        const sizes = [0, 1, 1000, ...anchors.flatMap((n) => [n - 64, n, n + 64])];
        const reader = await f.open();
        for (const size of sizes) {
          const job = await f.store.createJob(
            f.store.assignJobId({ jobName: `s${size}`, pad: "x".repeat(Math.max(0, size)) }),
          );
          expect(await reader.loadJob(job.jobStoreId)).toEqual(job);
          job.pad = "";
          await f.store.updateJob(job);
          expect(await reader.loadJob(job.jobStoreId)).toEqual(job);
        }
      },
      timeout,
    );
  });
}
