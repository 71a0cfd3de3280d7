// A deliberately small directory backend for the durability suite's self-test: correct with mutant
// "correct", and broken on purpose by each other mutant. It persists to a directory so it survives the
// worker processes the suite kills. Importing this module registers the scheme `naivedir:`, with
// locators `naivedir:<mutant>:<path>`.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, mkdir, open, readdir, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import {
  decodeJob,
  defineCapabilities,
  encodeJob,
  type JobStoreBackend,
  JobStoreError,
  registerBackend,
  type StoredJob,
} from "@jobstore/core";

/** The ways this backend can be broken. */
export const NAIVE_MUTANTS = [
  "correct",
  "torn",
  "unconditional-cleanup",
  "ignore-conflicts",
  "leaky",
  "blind-leftovers",
  "ignore-proxy",
] as const;
export type NaiveMutant = (typeof NAIVE_MUTANTS)[number];

const CAPABILITIES = defineCapabilities({
  jobChunkSize: 512,
  overlargeJobThreshold: 4096,
  inlineFileLimit: 256,
});

function isCode(err: unknown, code: string): boolean {
  return (err as { code?: unknown } | null)?.code === code;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return !isCode(err, "ESRCH");
  }
}

/**
 * Where the store's "server" is, when the faults check set one up: every job and file call first asks it
 * (a stand-in for a network store's requests), through the fault proxy at `JOBSTORE_NAIVE_ENDPOINT`; the
 * ignore-proxy mutant asks the server directly (`JOBSTORE_NAIVE_UPSTREAM`), as a backend would that
 * ignores the endpoint it is given.
 */
function serverEndpoint(mutant: NaiveMutant): string | undefined {
  return mutant === "ignore-proxy"
    ? process.env.JOBSTORE_NAIVE_UPSTREAM
    : process.env.JOBSTORE_NAIVE_ENDPOINT;
}

async function askServer(endpoint: string | undefined, what: string): Promise<void> {
  if (endpoint === undefined) return;
  try {
    const res = await fetch(`${endpoint}/ping`, { signal: AbortSignal.timeout(20_000) });
    const body = await res.text();
    if (body !== "pong") throw new Error(`answered ${res.status} ${body.slice(0, 40)}`);
  } catch (err) {
    throw new JobStoreError("JOBSTORE_UNAVAILABLE", `${what}: the server failed: ${String(err)}`, {
      cause: err,
      retryable: true,
    });
  }
}

export function createNaiveDirBackend(root: string, mutant: NaiveMutant): JobStoreBackend {
  const endpoint = serverEndpoint(mutant);
  const dir = (...parts: string[]) => join(root, ...parts);
  const tmpPath = () => dir("tmp", `${process.pid}-${randomBytes(6).toString("hex")}`);

  // Atomic (temp + rename), except for the torn mutant, which writes in place in two steps.
  async function put(path: string, bytes: Buffer): Promise<void> {
    if (mutant === "torn") {
      const fh = await open(path, "w");
      await fh.write(bytes.subarray(0, bytes.length >> 1));
      await sleep(150); // a slow disk: the half-written file is visible for most of a write, so a kill lands there
      await fh.write(bytes.subarray(bytes.length >> 1));
      await fh.close();
      return;
    }
    const tmp = tmpPath();
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  }

  async function spill(source: Readable): Promise<string> {
    const tmp = tmpPath();
    await pipeline(source, createWriteStream(tmp));
    return tmp;
  }

  const pointer = (id: string) => dir("jobs", `${encodeURIComponent(id)}.json`);
  const blobPrefix = (id: string) => `${encodeURIComponent(id)}.`;
  const blob = (id: string, token: string) => dir("jobs", `${blobPrefix(id)}${token}.blob`);

  async function readPointer(id: string): Promise<string | undefined> {
    return readFile(pointer(id), "latin1").catch((err) => {
      if (isCode(err, "ENOENT")) return undefined;
      throw err;
    });
  }

  async function load(id: string): Promise<StoredJob | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const p = await readPointer(id);
      if (p === undefined) return undefined;
      if (p.startsWith("I")) return decodeJob(Buffer.from(p.slice(1), "latin1")) as StoredJob;
      try {
        return decodeJob(await readFile(blob(id, p.slice(1)))) as StoredJob;
      } catch (err) {
        if (!isCode(err, "ENOENT")) throw err;
        if ((await readPointer(id)) === p)
          throw new JobStoreError("JOBSTORE_UNAVAILABLE", `job ${id}: blob ${p} is gone`);
      }
    }
    throw new JobStoreError("JOBSTORE_UNAVAILABLE", `job ${id} kept changing`);
  }

  async function store(job: StoredJob): Promise<void> {
    const id = job.jobStoreId;
    const previous = await readPointer(id);
    const encoded = encodeJob(job);
    let token: string | undefined;
    if (encoded.length > CAPABILITIES.overlargeJobThreshold) {
      token = `${process.pid}-${randomBytes(6).toString("hex")}`;
      await put(blob(id, token), encoded);
      await sleep(2); // two requests on a network store: the blob exists a while before the pointer names it
      await put(pointer(id), Buffer.from(`B${token}`, "latin1"));
    } else {
      await put(pointer(id), Buffer.concat([Buffer.from("I"), encoded]));
    }
    if (mutant === "unconditional-cleanup") {
      // Removes every blob of the job but its own: a newer writer's current blob too.
      for (const name of await readdir(dir("jobs"))) {
        if (name.startsWith(blobPrefix(id)) && name.endsWith(".blob") && (!token || !name.includes(token))) {
          await unlink(dir("jobs", name)).catch(() => {});
        }
      }
    } else if (previous?.startsWith("B")) {
      // Only the blob this writer replaced: it can never be the current one again.
      await unlink(blob(id, previous.slice(1))).catch(() => {});
    }
  }

  const fileDir = (id: string) => dir("files", encodeURIComponent(id));
  async function versions(id: string): Promise<number[]> {
    const names = await readdir(fileDir(id)).catch(() => [] as string[]);
    return names
      .filter((n) => /^v\d+$/.test(n))
      .map((n) => Number(n.slice(1)))
      .sort((a, b) => a - b);
  }
  async function openContent(id: string): Promise<Buffer> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const latest = (await versions(id)).pop();
      if (latest === undefined) throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `no file ${id}`);
      try {
        return await readFile(join(fileDir(id), `v${latest}`));
      } catch (err) {
        if (!isCode(err, "ENOENT")) throw err;
      }
    }
    throw new JobStoreError("JOBSTORE_UNAVAILABLE", `file ${id} kept changing`);
  }
  async function commit(id: string, tmp: string, base: number): Promise<void> {
    const next = mutant === "ignore-conflicts" ? ((await versions(id)).pop() ?? 0) + 1 : base + 1;
    try {
      if (mutant === "torn") await put(join(fileDir(id), `v${next}`), await readFile(tmp));
      else if (mutant === "ignore-conflicts") await rename(tmp, join(fileDir(id), `v${next}`));
      else await link(tmp, join(fileDir(id), `v${next}`));
    } catch (err) {
      if (isCode(err, "EEXIST")) {
        throw new JobStoreError("JOBSTORE_CONCURRENT_MODIFICATION", `file ${id} changed during the update`);
      }
      throw err;
    } finally {
      await unlink(tmp).catch(() => {});
    }
    for (const v of await versions(id))
      if (v < next) await unlink(join(fileDir(id), `v${v}`)).catch(() => {});
  }

  const notSupported = async (): Promise<never> => {
    throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", "naivedir has no public URLs");
  };

  return {
    name: `naivedir-${mutant}`,
    capabilities: CAPABILITIES,
    async create() {
      try {
        await mkdir(root);
      } catch (err) {
        if (isCode(err, "EEXIST")) throw new JobStoreError("JOBSTORE_EXISTS", `${root} exists`);
        throw err;
      }
      for (const d of ["jobs", "files", "shared", "logs", "tmp"]) await mkdir(dir(d));
    },
    async open() {
      await stat(dir("jobs")).catch(() => {
        throw new JobStoreError("JOBSTORE_NO_SUCH_STORE", `no store at ${root}`);
      });
    },
    async destroy() {
      if (mutant !== "leaky") return rm(root, { recursive: true, force: true });
      // Forgets the files' contents: they outlive the store.
      for (const d of ["jobs", "shared", "logs", "tmp"]) await rm(dir(d), { recursive: true, force: true });
    },
    createJob: (job) => store(job),
    async updateJob(job) {
      await askServer(endpoint, `updateJob ${job.jobStoreId}`);
      if ((await readPointer(job.jobStoreId)) === undefined) {
        throw new JobStoreError("JOBSTORE_NO_SUCH_JOB", `no job ${job.jobStoreId}`);
      }
      await store(job);
    },
    async loadJob(id) {
      await askServer(endpoint, `loadJob ${id}`);
      return load(id);
    },
    jobExists: async (id) => (await readPointer(id)) !== undefined,
    async deleteJob(id) {
      await rm(pointer(id), { force: true });
    },
    async *jobs() {
      for (const name of await readdir(dir("jobs"))) {
        if (!name.endsWith(".json")) continue;
        const job = await load(decodeURIComponent(name.slice(0, -5)));
        if (job) yield job;
      }
    },
    newFileId: () => randomBytes(8).toString("hex"),
    async writeFile(fileId, source, meta) {
      const tmp = await spill(source);
      await mkdir(fileDir(fileId), { recursive: true });
      await writeFile(join(fileDir(fileId), "meta.json"), JSON.stringify(meta));
      await commit(fileId, tmp, 0);
    },
    async updateFile(fileId, source) {
      await askServer(endpoint, `updateFile ${fileId}`).catch((err) => {
        source.destroy();
        throw err;
      });
      const base = (await versions(fileId)).pop();
      if (base === undefined) {
        source.destroy();
        throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `no file ${fileId}`);
      }
      await commit(fileId, await spill(source), base);
    },
    async readFile(fileId) {
      await askServer(endpoint, `readFile ${fileId}`);
      return { stream: Readable.from([await openContent(fileId)]), executable: false };
    },
    async deleteFile(fileId) {
      await rm(fileDir(fileId), { recursive: true, force: true });
    },
    fileExists: async (fileId) => (await versions(fileId)).length > 0,
    getFileSize: async (fileId) => (await openContent(fileId).catch(() => Buffer.alloc(0))).length,
    async writeSharedFile(name, source) {
      const tmp = await spill(source);
      await rename(tmp, dir("shared", name));
    },
    async readSharedFile(name) {
      try {
        return Readable.from([await readFile(dir("shared", name))]);
      } catch {
        throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `no shared file ${name}`);
      }
    },
    async writeLogs(message) {
      await writeFile(dir("logs", `${Date.now()}-${randomBytes(4).toString("hex")}`), message);
    },
    async readLogs() {
      return 0;
    },
    async *listFiles() {},
    async *listSharedFiles() {},
    async *listLogs() {},
    async *findLeftovers() {
      if (mutant === "blind-leftovers") return; // Never looks: what killed writers left stays forever.
      // Temp files of processes that are gone (a live one may still rename its temp file into place).
      for (const name of await readdir(dir("tmp"))) {
        if (!alive(Number(name.split("-")[0]))) yield { kind: "temp-file", id: dir("tmp", name) };
      }
      // Blobs no pointer names, written by processes that are gone.
      for (const name of await readdir(dir("jobs"))) {
        const m = /^(.*)\.(\d+)-([0-9a-f]+)\.blob$/.exec(name);
        if (!m || alive(Number(m[2]))) continue;
        const current = await readPointer(decodeURIComponent(m[1] as string));
        if (current !== `B${m[2]}-${m[3]}`) yield { kind: "orphan-content", id: dir("jobs", name) };
      }
    },
    async removeLeftovers(leftovers) {
      for (const l of leftovers) await rm(l.id, { force: true });
    },
    getPublicUrl: notSupported,
    getSharedPublicUrl: notSupported,
  };
}

registerBackend("naivedir", (rest) => {
  const colon = rest.indexOf(":");
  const mutant = rest.slice(0, colon) as NaiveMutant;
  if (!NAIVE_MUTANTS.includes(mutant)) {
    throw new JobStoreError("JOBSTORE_INVALID_LOCATOR", `naivedir: unknown mutant ${mutant}`);
  }
  return createNaiveDirBackend(rest.slice(colon + 1), mutant);
});
