import { describe, expect, it } from "vitest";
import { encodeJob, type JobDescription } from "../src/index.js";
import { collect, expectCode, openStore } from "./fixtures.js";

/** A job nested `depth` objects deep. */
function nested(depth: number): JobDescription {
  const job: JobDescription = { jobStoreId: "deep" };
  let at: Record<string, unknown> = job;
  for (let i = 0; i < depth; i++) {
    const next = {};
    at.child = next;
    at = next;
  }
  return job;
}

function cyclic(): JobDescription {
  const job: JobDescription = { jobStoreId: "cycle" };
  job.self = job;
  return job;
}

function throwingGetter(): JobDescription {
  return Object.defineProperty({ jobStoreId: "getter" }, "body", {
    enumerable: true,
    get() {
      throw new Error("getter failed");
    },
  });
}

const NOT_STORABLE: Array<[string, () => JobDescription]> = [
  ["a BigInt field", () => ({ jobStoreId: "big", n: 1n })],
  ["a cycle", cyclic],
  ["a throwing getter", throwingGetter],
  ["5,000-deep nesting", () => nested(5000)],
  ["a toJSON returning a string", () => ({ jobStoreId: "s", toJSON: () => "job" })],
  ["a toJSON returning an array", () => ({ jobStoreId: "a", toJSON: () => [1, 2] })],
  ["a toJSON returning a number", () => ({ jobStoreId: "n", toJSON: () => 7 })],
  [
    "a toJSON returning an object without the jobStoreId",
    () => ({ jobStoreId: "o", toJSON: () => ({ x: 1 }) }),
  ],
  ["a toJSON returning another jobStoreId", () => ({ jobStoreId: "o", toJSON: () => ({ jobStoreId: "p" }) })],
];

describe("jobs that cannot be stored", () => {
  it.each(NOT_STORABLE)(
    "createJob of a job with %s throws TypeError before any I/O",
    async (_label, make) => {
      const { store, backend } = await openStore();
      const before = backend.totalCalls();
      await expect(store.createJob(make())).rejects.toThrow(TypeError);
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it.each(NOT_STORABLE)(
    "updateJob of a job with %s throws TypeError before any I/O",
    async (_label, make) => {
      const { store, backend } = await openStore();
      const before = backend.totalCalls();
      await expect(store.updateJob(make())).rejects.toThrow(TypeError);
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it.each(NOT_STORABLE)("encodeJob of a job with %s throws TypeError", (_label, make) => {
    expect(() => encodeJob(make())).toThrow(TypeError);
  });

  it("a job 500 levels deep is stored and loads back equal", async () => {
    const { store } = await openStore();
    const job = await store.createJob(nested(500));
    expect(await store.loadJob(job.jobStoreId)).toEqual(job);
  });

  it("a toJSON that keeps jobStoreId and version is stored in its JSON form", async () => {
    const { store, backend } = await openStore();
    const job = {
      jobStoreId: "t",
      secret: "not stored",
      toJSON() {
        return { jobStoreId: this.jobStoreId, version: (this as { version?: number }).version, shown: 1 };
      },
    };
    await store.createJob(job);
    expect(JSON.parse(JSON.stringify(backend.state.jobs.get("t")))).toEqual({
      jobStoreId: "t",
      version: 1,
      shown: 1,
    });
  });
});

describe("job versions", () => {
  it("a failed createJob leaves the caller's version as it was, though the backend saw it incremented", async () => {
    const seen: number[] = [];
    const { store } = await openStore({
      overrides: {
        createJob: async (job) => {
          seen.push(job.version);
          throw new Error("storage down");
        },
      },
    });
    const job = { jobStoreId: "j", version: 4 };
    await expectCode(store.createJob(job), "JOBSTORE_UNAVAILABLE");
    expect(job.version).toBe(4);
    expect(seen).toEqual([5]);
  });

  it("a failed updateJob leaves a job without version without one", async () => {
    const { store } = await openStore();
    const job: JobDescription = { jobStoreId: "missing" };
    await expectCode(store.updateJob(job), "JOBSTORE_NO_SUCH_JOB");
    expect("version" in job).toBe(false);
  });

  it.each([Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, 2 ** 60])(
    "a version of %d throws RangeError before any I/O",
    async (version) => {
      const { store, backend } = await openStore();
      const before = backend.totalCalls();
      await expect(store.createJob({ jobStoreId: "v", version })).rejects.toThrow(RangeError);
      await expect(store.updateJob({ jobStoreId: "v", version })).rejects.toThrow(RangeError);
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it("assignJobId after close throws JOBSTORE_CLOSED", async () => {
    const { store } = await openStore();
    await store.close();
    await expectCode(() => store.assignJobId({}), "JOBSTORE_CLOSED");
  });
});

const LIMIT = 16;
const LONG = "x".repeat(LIMIT + 1);
const LONG_UTF8 = "é".repeat(LIMIT / 2 + 1); // 9 characters, 18 bytes
const LONE = "a\uD800b";
const BAD_IDS = [LONG, LONG_UTF8, LONE];

async function limitedStore() {
  return openStore({ capabilities: { maxIdBytes: LIMIT, maxSharedNameBytes: LIMIT } });
}

describe("IDs a backend cannot hold, on writes", () => {
  it("an ID of exactly maxIdBytes UTF-8 bytes is stored", async () => {
    const { store } = await limitedStore();
    const id = "é".repeat(LIMIT / 2);
    await store.createJob({ jobStoreId: id });
    expect(await store.jobExists(id)).toBe(true);
  });

  it.each(BAD_IDS)(
    "createJob, updateJob and setRootJob of %j reject with JOBSTORE_INVALID_NAME without I/O",
    async (id) => {
      const { store, backend } = await limitedStore();
      const before = backend.totalCalls();
      await expectCode(store.createJob({ jobStoreId: id }), "JOBSTORE_INVALID_NAME");
      await expectCode(store.updateJob({ jobStoreId: id }), "JOBSTORE_INVALID_NAME");
      await expectCode(store.setRootJob(id), "JOBSTORE_INVALID_NAME");
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it.each(BAD_IDS)(
    "a jobId option of %j on new files rejects with JOBSTORE_INVALID_NAME without I/O",
    async (id) => {
      const { store, backend } = await limitedStore();
      const before = backend.totalCalls();
      await expectCode(
        store.writeFileStream((w) => void w.end("x"), { jobId: id }),
        "JOBSTORE_INVALID_NAME",
      );
      await expectCode(store.getEmptyFileStoreId({ jobId: id }), "JOBSTORE_INVALID_NAME");
      await expectCode(store.writeFile(import.meta.filename, { jobId: id }), "JOBSTORE_INVALID_NAME");
      await expectCode(store.importFile(import.meta.url, { jobId: id }), "JOBSTORE_INVALID_NAME");
      expect(backend.totalCalls()).toBe(before);
    },
  );

  it("a shared name over maxSharedNameBytes rejects with JOBSTORE_INVALID_NAME on writes and reads", async () => {
    const { store, backend } = await limitedStore();
    const before = backend.totalCalls();
    await expectCode(
      store.writeSharedFileStream(LONG, (w) => void w.end("x")),
      "JOBSTORE_INVALID_NAME",
    );
    await expectCode(store.readSharedFileStream(LONG), "JOBSTORE_INVALID_NAME");
    expect(backend.totalCalls()).toBe(before);
    await store.writeSharedFileStream("x".repeat(LIMIT), (w) => void w.end("x"));
  });
});

describe("IDs a backend cannot hold, on lookups", () => {
  it.each(BAD_IDS)("%j is simply absent, without a backend call", async (id) => {
    const { store, backend } = await limitedStore();
    const before = backend.totalCalls();
    expect(await store.jobExists(id)).toBe(false);
    await expectCode(store.loadJob(id), "JOBSTORE_NO_SUCH_JOB");
    await store.deleteJob(id);
    expect(await store.fileExists(id)).toBe(false);
    expect(await store.getFileSize(id)).toBe(0);
    await store.deleteFile(id);
    await expectCode(store.readFileStream(id), "JOBSTORE_NO_SUCH_FILE");
    await expectCode(store.readFile(id, "/tmp/never-written"), "JOBSTORE_NO_SUCH_FILE");
    await expectCode(
      store.updateFileStream(id, (w) => void w.end("x")),
      "JOBSTORE_NO_SUCH_FILE",
    );
    await expectCode(store.getPublicUrl(id), "JOBSTORE_NO_SUCH_FILE");
    await expectCode(store.exportFile(id, "file:///tmp/never-exported"), "JOBSTORE_NO_SUCH_FILE");
    expect(backend.totalCalls()).toBe(before);
  });

  it("a lone surrogate is absent even without an ID limit", async () => {
    const { store, backend } = await openStore();
    const before = backend.totalCalls();
    expect(await store.jobExists(LONE)).toBe(false);
    expect(await collect(store.listFiles())).toEqual([]);
    expect(backend.totalCalls()).toBe(before + 1);
  });
});
