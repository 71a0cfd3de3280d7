import { describe, expect, it } from "vitest";
import type { StoredJob } from "../src/index.js";
import { collect, expectCode, openStore } from "./fixtures.js";

describe("assignJobId", () => {
  it("sets a fresh jobStoreId on the object passed in and returns that object", async () => {
    const { store, backend } = await openStore();
    const job = { jobName: "root" };
    const returned = store.assignJobId(job);
    expect(returned).toBe(job);
    expect(typeof returned.jobStoreId).toBe("string");
    expect(store.assignJobId({}).jobStoreId).not.toBe(returned.jobStoreId);
    expect(backend.calls.get("createJob")).toBeUndefined();
  });

  it("throws TypeError for a job that is not a plain object", async () => {
    const { store } = await openStore();
    expect(() => store.assignJobId(null as never)).toThrow(TypeError);
    expect(() => store.assignJobId([] as never)).toThrow(TypeError);
  });
});

describe("createJob and updateJob", () => {
  it("createJob increments version on the object passed in and stores that version", async () => {
    const { store, backend } = await openStore();
    const job = store.assignJobId({ jobName: "a" });
    const created = await store.createJob(job);
    expect(created).toBe(job);
    expect(created.version).toBe(1);
    expect(backend.state.jobs.get(job.jobStoreId)?.version).toBe(1);
  });

  it("updateJob increments version again before writing", async () => {
    const { store } = await openStore();
    const job = await store.createJob(store.assignJobId({ body: "x" }));
    job.body = "y";
    await store.updateJob(job);
    expect(job.version).toBe(2);
    expect(await store.loadJob(job.jobStoreId)).toEqual({
      jobStoreId: job.jobStoreId,
      version: 2,
      body: "y",
    });
  });

  it("createJob keeps counting from a version the job already has", async () => {
    const { store } = await openStore();
    const job = await store.createJob({ jobStoreId: "j", version: 41 });
    expect(job.version).toBe(42);
  });

  it("createJob without jobStoreId throws TypeError without I/O", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    await expect(store.createJob({ jobName: "no id" })).rejects.toThrow(TypeError);
    expect(backend.totalCalls()).toBe(before);
  });

  it("createJob with a non-integer version throws TypeError", async () => {
    const { store } = await openStore();
    await expect(store.createJob({ jobStoreId: "j", version: 1.5 })).rejects.toThrow(TypeError);
  });

  it("updateJob of a missing job rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    const { store } = await openStore();
    await expectCode(store.updateJob({ jobStoreId: "missing" }), "JOBSTORE_NO_SUCH_JOB");
  });
});

describe("loadJob, jobExists and deleteJob", () => {
  it("loadJob of an unknown ID rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    const { store } = await openStore();
    await expectCode(store.loadJob("nope"), "JOBSTORE_NO_SUCH_JOB");
  });

  it("loadJob of the empty string rejects with JOBSTORE_NO_SUCH_JOB without I/O", async () => {
    const { store, backend } = await openStore();
    await expectCode(store.loadJob(""), "JOBSTORE_NO_SUCH_JOB");
    expect(backend.calls.get("loadJob")).toBeUndefined();
  });

  it("jobExists answers false for unknown and odd IDs, never a validation error", async () => {
    const { store } = await openStore();
    for (const id of ["", "nope", "../..", "ü/ñ", " "]) expect(await store.jobExists(id)).toBe(false);
  });

  it("loadJob of a non-string ID throws TypeError", async () => {
    const { store } = await openStore();
    await expect(store.loadJob(42 as never)).rejects.toThrow(TypeError);
  });

  it("deleteJob removes the job and its cleanup files, keeping the others", async () => {
    const { store } = await openStore();
    const job = await store.createJob(store.assignJobId({}));
    const cleaned = await store.writeFileStream((w) => void w.end("a"), {
      jobId: job.jobStoreId,
      cleanup: true,
    });
    const kept = await store.writeFileStream((w) => void w.end("b"), { jobId: job.jobStoreId });
    await store.deleteJob(job.jobStoreId);
    expect(await store.jobExists(job.jobStoreId)).toBe(false);
    expect(await store.fileExists(cleaned)).toBe(false);
    expect(await store.fileExists(kept)).toBe(true);
  });

  it("deleteJob is idempotent: deleting a job twice, or one never there, resolves and leaves it gone", async () => {
    const { store, backend } = await openStore();
    const job = await store.createJob(store.assignJobId({ jobName: "doomed" }));
    await expect(store.deleteJob(job.jobStoreId)).resolves.toBeUndefined();
    await expect(store.deleteJob(job.jobStoreId)).resolves.toBeUndefined();
    await expect(store.deleteJob("never-there")).resolves.toBeUndefined();
    expect(await store.jobExists(job.jobStoreId)).toBe(false);
    expect(backend.state.jobs.has(job.jobStoreId)).toBe(false);
    await expectCode(store.loadJob(job.jobStoreId), "JOBSTORE_NO_SUCH_JOB");
  });
});

describe("jobs()", () => {
  it("yields every job once, even when the backend repeats one", async () => {
    const a = { jobStoreId: "a", version: 1 };
    const b = { jobStoreId: "b", version: 1 };
    const { store } = await openStore({
      overrides: {
        jobs: () =>
          (async function* () {
            yield* [a, b, a, b, a];
          })(),
      },
    });
    expect((await collect(store.jobs())).map((j) => j.jobStoreId)).toEqual(["a", "b"]);
  });

  it("breaking out early ends the backend's walk", async () => {
    let finished = false;
    const { store } = await openStore({
      overrides: {
        jobs: () =>
          (async function* (): AsyncGenerator<StoredJob> {
            try {
              for (let i = 0; ; i++) yield { jobStoreId: `j${i}`, version: 1 };
            } finally {
              finished = true;
            }
          })(),
      },
    });
    for await (const job of store.jobs()) if (job.jobStoreId === "j2") break;
    expect(finished).toBe(true);
  });

  it("can be walked twice, each walk asking the backend afresh", async () => {
    const { store, backend } = await openStore();
    await store.createJob({ jobStoreId: "x" });
    const iterable = store.jobs();
    expect(await collect(iterable)).toHaveLength(1);
    expect(await collect(iterable)).toHaveLength(1);
    expect(backend.calls.get("jobs")).toBe(2);
  });
});

describe("root job", () => {
  it("loadRootJob with no root set rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    const { store } = await openStore();
    await expectCode(store.loadRootJob(), "JOBSTORE_NO_SUCH_JOB");
  });

  it("loadRootJob returns the job setRootJob recorded", async () => {
    const { store } = await openStore();
    const job = await store.createJob(store.assignJobId({ jobName: "root" }));
    await store.setRootJob(job.jobStoreId);
    expect(await store.loadRootJob()).toEqual(job);
  });

  it("loadRootJob after the root job was deleted rejects with JOBSTORE_NO_SUCH_JOB", async () => {
    const { store } = await openStore();
    const job = await store.createJob(store.assignJobId({}));
    await store.setRootJob(job.jobStoreId);
    await store.deleteJob(job.jobStoreId);
    await expectCode(store.loadRootJob(), "JOBSTORE_NO_SUCH_JOB");
  });
});

describe("logs", () => {
  it("writeLogs stores strings as UTF-8 and readLogs delivers each unread message once", async () => {
    const { store } = await openStore();
    await store.writeLogs("héllo");
    await store.writeLogs(Uint8Array.of(1, 2, 3));
    const seen: Buffer[] = [];
    expect(await store.readLogs((m) => void seen.push(m))).toBe(2);
    expect(seen[0]?.toString("utf8")).toBe("héllo");
    expect([...(seen[1] ?? [])]).toEqual([1, 2, 3]);
    expect(await store.readLogs(() => {})).toBe(0);
    expect(await store.readLogs(() => {}, { readAll: true })).toBe(2);
  });

  it("writeLogs of a number throws TypeError", async () => {
    const { store } = await openStore();
    await expect(store.writeLogs(5 as never)).rejects.toThrow(TypeError);
  });

  it("a readLogs callback's own error comes back unchanged, not as JOBSTORE_UNAVAILABLE", async () => {
    const { store } = await openStore();
    await store.writeLogs("one");
    const mine = new Error("my callback failed");
    await expect(
      store.readLogs(() => {
        throw mine;
      }),
    ).rejects.toBe(mine);
  });
});

describe("the JSON text handed to backends", () => {
  it("createJob and updateJob pass the job's JSON text, version included, in options.json", async () => {
    const { store, backend } = await openStore();
    const seen: Array<[string, string | undefined, string]> = [];
    const create = backend.createJob.bind(backend);
    const update = backend.updateJob.bind(backend);
    backend.createJob = (job, options) => {
      seen.push(["create", options.json, JSON.stringify(job)]);
      return create(job, options);
    };
    backend.updateJob = (job, options) => {
      seen.push(["update", options.json, JSON.stringify(job)]);
      return update(job, options);
    };
    const job = await store.createJob(store.assignJobId({ body: "x" }));
    job.body = "y";
    await store.updateJob(job);
    expect(seen.map(([what]) => what)).toEqual(["create", "update"]);
    for (const [, json, expected] of seen) expect(json).toBe(expected);
    expect(JSON.parse(seen[1]![1]!)).toMatchObject({ body: "y", version: 2 });
  });
});
