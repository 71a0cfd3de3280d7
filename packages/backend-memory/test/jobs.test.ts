import { beforeEach, describe, expect, it } from "vitest";
import { codeOf, createFixture, type Fixture, writeText } from "./fixture.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await createFixture();
  return fx.teardown;
});

describe("createJob and loadJob", () => {
  it("loadJob returns a deep-equal copy of every opaque field", async () => {
    const job = fx.store.assignJobId({
      jobName: "a",
      body: { nested: [1, "two", null, { x: true }] },
      unicode: "é ✓",
    });
    await fx.store.createJob(job);
    expect(await fx.store.loadJob(job.jobStoreId)).toEqual(job);
  });

  it("createJob increments version on the object passed in", async () => {
    const job = fx.store.assignJobId({});
    await fx.store.createJob(job);
    expect(job.version).toBe(1);
    expect((await fx.store.loadJob(job.jobStoreId)).version).toBe(1);
  });

  it("changing the caller's object after createJob does not change the stored job", async () => {
    const job = fx.store.assignJobId({ list: [1] });
    await fx.store.createJob(job);
    job.list.push(2);
    expect((await fx.store.loadJob(job.jobStoreId)).list).toEqual([1]);
  });

  it("a multi-megabyte job round-trips exactly", async () => {
    const big = Array.from({ length: 40_000 }, (_, i) => `item-${i}-${(i * 7919) % 1000}`);
    const job = fx.store.assignJobId({ big });
    await fx.store.createJob(job);
    expect((await fx.store.loadJob(job.jobStoreId)).big).toEqual(big);
  });

  it("loadJob on an unknown ID rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    expect(await codeOf(fx.store.loadJob("no-such-job"))).toBe("JOBSTORE_NO_SUCH_JOB");
  });

  it("jobExists is true for a created job and false for any unknown string", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({}));
    expect(await fx.store.jobExists(job.jobStoreId)).toBe(true);
    expect(await fx.store.jobExists("../weird id/")).toBe(false);
  });
});

describe("updateJob", () => {
  it("updateJob replaces the job and increments version", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({ state: "new" }));
    job.state = "done";
    await fx.store.updateJob(job);
    const loaded = await fx.store.loadJob(job.jobStoreId);
    expect(loaded.state).toBe("done");
    expect(loaded.version).toBe(2);
  });

  it("updateJob on a deleted job rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({}));
    await fx.store.deleteJob(job.jobStoreId);
    expect(await codeOf(fx.store.updateJob(job))).toBe("JOBSTORE_NO_SUCH_JOB");
  });
});

describe("deleteJob", () => {
  it("deleteJob removes the job and is idempotent", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({}));
    await fx.store.deleteJob(job.jobStoreId);
    await fx.store.deleteJob(job.jobStoreId);
    expect(await fx.store.jobExists(job.jobStoreId)).toBe(false);
    expect(await codeOf(fx.store.loadJob(job.jobStoreId))).toBe("JOBSTORE_NO_SUCH_JOB");
  });

  it("deleteJob deletes the job's cleanup files and keeps its other files", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({}));
    const cleaned = await writeText(fx.store, "temp", { jobId: job.jobStoreId, cleanup: true });
    const kept = await writeText(fx.store, "keep", { jobId: job.jobStoreId });
    const otherJob = await writeText(fx.store, "other", { jobId: "someone-else", cleanup: true });
    await fx.store.deleteJob(job.jobStoreId);
    expect(await fx.store.fileExists(cleaned)).toBe(false);
    expect(await fx.store.fileExists(kept)).toBe(true);
    expect(await fx.store.fileExists(otherJob)).toBe(true);
  });

  it("deleteJob never deletes shared files", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({}));
    await fx.store.writeSharedFileStream("stats", (w) => {
      w.end("x");
    });
    await fx.store.deleteJob(job.jobStoreId);
    await expect(fx.store.readSharedFileStream("stats")).resolves.toBeDefined();
  });
});

describe("jobs()", () => {
  it("jobs() yields every job exactly once", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await fx.store.createJob(fx.store.assignJobId({ i }))).jobStoreId);
    const seen: string[] = [];
    for await (const job of fx.store.jobs()) seen.push(job.jobStoreId);
    expect(seen).toHaveLength(20);
    expect(new Set(seen)).toEqual(ids);
  });

  it("jobs() tolerates jobs deleted during the walk and skips them", async () => {
    const a = await fx.store.createJob(fx.store.assignJobId({ n: "a" }));
    const b = await fx.store.createJob(fx.store.assignJobId({ n: "b" }));
    const seen: string[] = [];
    for await (const job of fx.store.jobs()) {
      seen.push(job.jobStoreId);
      await fx.store.deleteJob(job.jobStoreId === a.jobStoreId ? b.jobStoreId : a.jobStoreId);
    }
    expect(seen).toHaveLength(1);
  });
});

describe("batch", () => {
  it("createJob calls inside batch are all stored when it resolves", async () => {
    const jobs = await fx.store.batch(async () => {
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await fx.store.createJob(fx.store.assignJobId({ i })));
      return made;
    });
    for (const job of jobs) expect(await fx.store.jobExists(job.jobStoreId)).toBe(true);
  });

  it("createJob inside batch is deferred until the batch resolves", async () => {
    let inside = true;
    await fx.store.batch(async () => {
      const job = await fx.store.createJob(fx.store.assignJobId({}));
      inside = await fx.store.jobExists(job.jobStoreId);
    });
    expect(inside).toBe(false);
  });

  it("a batch whose callback throws stores none of its jobs and the store stays usable", async () => {
    const failure = new Error("the callback failed");
    const ids: string[] = [];
    await expect(
      fx.store.batch(async () => {
        ids.push((await fx.store.createJob(fx.store.assignJobId({}))).jobStoreId);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await fx.store.jobExists(ids[0]!)).toBe(false);
    const after = await fx.store.createJob(fx.store.assignJobId({}));
    expect(await fx.store.jobExists(after.jobStoreId)).toBe(true);
  });
});

describe("root job", () => {
  it("loadRootJob returns the job set with setRootJob", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({ jobName: "root" }));
    await fx.store.setRootJob(job.jobStoreId);
    expect((await fx.store.loadRootJob()).jobName).toBe("root");
  });

  it("loadRootJob without a root rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    expect(await codeOf(fx.store.loadRootJob())).toBe("JOBSTORE_NO_SUCH_JOB");
  });

  it("loadRootJob after the root was deleted rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({}));
    await fx.store.setRootJob(job.jobStoreId);
    await fx.store.deleteJob(job.jobStoreId);
    expect(await codeOf(fx.store.loadRootJob())).toBe("JOBSTORE_NO_SUCH_JOB");
  });
});
