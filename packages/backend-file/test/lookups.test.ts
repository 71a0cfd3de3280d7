import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { buffer } from "node:stream/consumers";
import { isJobStoreError } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { type FsApi, nodeFs } from "../src/index.js";
import { codeOf, freshStore, handle } from "./fixture.js";

// statfs f_type of FUSE mounts: not a file system whose lookups the store trusts to be atomic.
const FUSE_SUPER_MAGIC = 0x65735546;

/**
 * The real file system, except that `statfs` says FUSE and that the next `misses` lookups (open,
 * access or stat) of a path containing `part` fail with `code`, as they do through a FUSE daemon or an NFS
 * client while another process renames over the name. Counts those lookups, the listings of the
 * directory named by `part`, and every link.
 */
function raceLike(part: string, code = "ENOENT", type = FUSE_SUPER_MAGIC) {
  const state = { misses: 0, lookups: 0, listings: 0, readMisses: 0, links: [] as string[], linkError: "" };
  const miss = (path: string) => {
    if (!path.includes(part)) return;
    state.lookups++;
    if (state.misses > 0) {
      state.misses--;
      throw Object.assign(new Error(`${code}: simulated, ${path}`), { code });
    }
  };
  const fs: FsApi = {
    ...nodeFs,
    statfs: async (path) => Object.assign(await nodeFs.statfs(path), { type }),
    async open(path, flags, mode) {
      if (flags === "r") miss(path);
      return nodeFs.open(path, flags, mode);
    },
    async readdir(path) {
      if (path.endsWith(part.slice(0, -1))) state.listings++;
      return nodeFs.readdir(path);
    },
    async present(path) {
      try {
        miss(path);
      } catch (err) {
        // A probe answers absence with `false`; other failures (ESTALE) reject, as the real one does.
        if (code === "ENOENT") return false;
        throw err;
      }
      return nodeFs.present(path);
    },
    async read(fd, buffer, offset, length, position) {
      if (state.readMisses > 0) {
        state.readMisses--;
        throw Object.assign(new Error(`${code}: simulated read`), { code });
      }
      return nodeFs.read(fd, buffer, offset, length, position);
    },
    async link(from, to) {
      state.links.push(to);
      if (state.linkError)
        throw Object.assign(new Error(`${state.linkError}: simulated`), { code: state.linkError });
      return nodeFs.link(from, to);
    },
  };
  return { fs, state };
}

/** A store made on the real file system, and a second handle on it through `fs`. */
async function storeThrough(fs: FsApi) {
  const { store, path } = await freshStore();
  const job = await store.createJob(store.assignJobId({ jobName: "looked up", payload: "" }));
  const fileId = await store.writeFileStream((w) => w.end("looked up"));
  const through = handle(path, { fs });
  await through.resume();
  return { store: through, path, job, fileId };
}

describe("lookups where a rename may be in flight (FUSE, NFS)", () => {
  it("loadJob finds a job whose name was missing for the first lookups", async () => {
    const { fs, state } = raceLike("/jobs/");
    const { store, job } = await storeThrough(fs);
    state.misses = 3;
    state.lookups = 0;
    expect((await store.loadJob(job.jobStoreId)).jobName).toBe("looked up");
    expect(state.lookups).toBe(4);
  });

  it("updateJob and jobExists of a job whose name is missing for a moment succeed", async () => {
    const { fs, state } = raceLike("/jobs/");
    const { store, job } = await storeThrough(fs);
    state.misses = 2;
    await store.updateJob({ ...job, jobName: "updated" });
    state.misses = 2;
    expect(await store.jobExists(job.jobStoreId)).toBe(true);
    expect((await store.loadJob(job.jobStoreId)).jobName).toBe("updated");
  });

  it("a file's record, a shared file and the config are found when their first lookups miss", async () => {
    const { fs, state } = raceLike("/files/");
    const { store, fileId } = await storeThrough(fs);
    state.misses = 2;
    expect(await store.fileExists(fileId)).toBe(true);
    state.misses = 2;
    expect(await store.getFileSize(fileId)).toBe("looked up".length);
    const shared = raceLike("/shared/");
    const again = (await storeThrough(shared.fs)).store;
    await again.writeSharedFileStream("state", (w) => w.end("shared"));
    shared.state.misses = 2;
    expect((await buffer(await again.readSharedFileStream("state"))).toString()).toBe("shared");
    shared.state.misses = 2;
    await again.resume();
  });

  it("a read that fails with ESTALE (an NFS handle replaced meanwhile) is read again", async () => {
    const { fs, state } = raceLike("/jobs/", "ESTALE");
    const { store, job } = await storeThrough(fs);
    state.readMisses = 1;
    expect((await store.loadJob(job.jobStoreId)).jobName).toBe("looked up");
    expect(state.readMisses).toBe(0);
  });

  it("a job that does not exist is reported missing after one more lookup and a listing of jobs/", async () => {
    const { fs, state } = raceLike("/jobs/");
    const { store } = await storeThrough(fs);
    state.lookups = 0;
    state.listings = 0;
    const started = performance.now();
    expect(await codeOf(store.loadJob("no-such-job"))).toBe("JOBSTORE_NO_SUCH_JOB");
    expect(await store.jobExists("no-such-job")).toBe(false);
    expect(performance.now() - started).toBeLessThan(400);
    expect(state.lookups).toBe(4);
    expect(state.listings).toBe(2);
  });

  it("a job missing while libfuse hides a replaced version (.fuse_hidden…) is looked for over a bounded window", async () => {
    const { fs, state } = raceLike("/jobs/");
    const { store, path } = await storeThrough(fs);
    await writeFile(join(path, "jobs", ".fuse_hidden000000aa00000001"), "an old version, still open");
    state.lookups = 0;
    const started = performance.now();
    expect(await codeOf(store.loadJob("no-such-job"))).toBe("JOBSTORE_NO_SUCH_JOB");
    const elapsed = performance.now() - started;
    expect(state.lookups).toBeGreaterThan(10);
    expect(elapsed).toBeGreaterThan(500);
    expect(elapsed).toBeLessThan(3000);
    // Such a file is never taken for a job.
    const names: unknown[] = [];
    for await (const job of store.jobs()) names.push(job.jobName);
    expect(names).toEqual(["looked up"]);
  });

  it("a listed job whose lookups miss for longer than half a second is still found", async () => {
    const { fs, state } = raceLike("/jobs/");
    const { store, job } = await storeThrough(fs);
    state.misses = 13;
    const started = performance.now();
    expect((await store.loadJob(job.jobStoreId)).jobName).toBe("looked up");
    expect(performance.now() - started).toBeGreaterThan(500);
    expect(state.misses).toBe(0);
  });

  for (const code of ["ENOENT", "ESTALE"]) {
    it(`a listed job that every lookup misses (${code}) for 5 s is a retryable JOBSTORE_UNAVAILABLE, not missing`, async () => {
      const { fs, state } = raceLike("/jobs/", code);
      const { store, job } = await storeThrough(fs);
      state.misses = Number.POSITIVE_INFINITY;
      let caught: unknown;
      await store.loadJob(job.jobStoreId).catch((err: unknown) => {
        caught = err;
      });
      expect(isJobStoreError(caught, "JOBSTORE_UNAVAILABLE") && caught.retryable).toBe(true);
      expect((caught as Error).message).toMatch(/is listed in its directory but every lookup missed it/);
    }, 20_000);
  }

  it("on a local file system a miss is final: one lookup, no wait", async () => {
    const { fs, state } = raceLike("/jobs/", "ENOENT", (await nodeFs.statfs(process.cwd())).type);
    const { store } = await storeThrough(fs);
    state.lookups = 0;
    expect(await codeOf(store.loadJob("no-such-job"))).toBe("JOBSTORE_NO_SUCH_JOB");
    expect(await store.jobExists("no-such-job")).toBe(false);
    expect(state.lookups).toBe(2);
  });
});

describe("hard links, checked when the store is opened", () => {
  it("resume on a file system not known as local links a probe file in tmp/ and removes it", async () => {
    const { fs, state } = raceLike("/none/");
    const { path } = await storeThrough(fs);
    expect(state.links).toHaveLength(1);
    expect(state.links[0]!.startsWith(join(path, "tmp"))).toBe(true);
    expect(await readdir(join(path, "tmp"))).toEqual([]);
  });

  for (const code of ["EPERM", "EOPNOTSUPP"]) {
    it(`link(2) failing with ${code} is JOBSTORE_NOT_SUPPORTED at initialize and at resume`, async () => {
      const { fs, state } = raceLike("/none/");
      state.linkError = code;
      const { path } = await freshStore();
      expect(await codeOf(handle(path, { fs }).resume())).toBe("JOBSTORE_NOT_SUPPORTED");
      const fresh = join(path, "..", "other");
      expect(await codeOf(handle(fresh, { fs }).initialize())).toBe("JOBSTORE_NOT_SUPPORTED");
      expect(await readdir(fresh)).toEqual([]);
    });
  }
});
