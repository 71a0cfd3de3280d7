/**
 * The phases of `shared/peer/toil_filejobstore_bench.py`, mirrored one for one on a jobstore `JobStore`:
 * the same phase names, counts, sizes and order, each timed around exactly what Toil's is.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobStore, StoredJob } from "@jobstore/core";

const KIB = 1024;
const MIB = 1024 * KIB;

/** One timed phase, in the JSON shape the Toil script writes. */
export interface PhaseResult {
  phase: string;
  count: number;
  seconds: number;
  ops_per_s: number;
  MiB?: number;
  MiB_per_s?: number;
}

/** Where the phases put local files: beside the store, and on another device (a real copy). */
export interface Scratch {
  sameFs: string;
  otherFs: string;
}

async function timed<T>(
  results: PhaseResult[],
  phase: string,
  count: number,
  bytes: number,
  fn: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const rec: PhaseResult = { phase, count, seconds, ops_per_s: count / seconds };
  if (bytes) Object.assign(rec, { MiB: bytes / MIB, MiB_per_s: bytes / MIB / seconds });
  results.push(rec);
  return out;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark self-check failed: ${what}`);
}

/** Toil's `new_job_description(i)`, as a plain JSON job. */
function newJob(i: number) {
  return {
    requirements: { memory: 1 << 20, cores: 1, disk: 1 << 20, preemptible: false },
    jobName: "benchJob",
    unitName: `unit${i}`,
    displayName: `bench job ${i}`,
    command: `_toil bench-${i}`,
    filesToDelete: [] as string[],
  };
}

async function benchJobs(store: JobStore, n: number, results: PhaseResult[]): Promise<void> {
  const descs = Array.from({ length: n }, (_, i) => newJob(i));
  const ids = await timed(results, "job create (assign_job_id+create_job)", n, 0, async () => {
    const out: string[] = [];
    for (const d of descs) out.push((await store.createJob(store.assignJobId(d))).jobStoreId);
    return out;
  });
  const loaded = await timed(results, "job load_job", n, 0, async () => {
    const out: StoredJob[] = [];
    for (const id of ids) out.push(await store.loadJob(id));
    return out;
  });
  check(
    loaded.every((job, i) => job.jobStoreId === ids[i]),
    "loaded jobs",
  );
  await timed(results, "job update_job", n, 0, async () => {
    for (const job of loaded) {
      job.command = `${job.command} updated`;
      (job.filesToDelete as string[]).push("x");
      await store.updateJob(job);
    }
  });
  const seen = await timed(results, "job jobs() full iteration (loads each)", n, 0, async () => {
    let count = 0;
    for await (const _ of store.jobs()) count++;
    return count;
  });
  check(seen === n, `jobs() saw ${seen} of ${n}`);
  const exist = await timed(results, "job job_exists", n, 0, async () => {
    let count = 0;
    for (const id of ids) if (await store.jobExists(id)) count++;
    return count;
  });
  check(exist === n, "job_exists");
  check(String((await store.loadJob(ids[0]!)).command).endsWith(" updated"), "update landed");
  await timed(results, "job delete_job", n, 0, async () => {
    for (const id of ids) await store.deleteJob(id);
  });
  for await (const _ of store.jobs()) check(false, "jobs left after delete");
}

async function readStream(store: JobStore, fileId: string): Promise<number> {
  let n = 0;
  for await (const chunk of await store.readFileStream(fileId)) n += (chunk as Buffer).length;
  return n;
}

async function benchFileSize(
  store: JobStore,
  scratch: Scratch,
  [label, count, size]: [string, number, number],
  results: PhaseResult[],
): Promise<void> {
  const srcDir = await mkdtemp(join(scratch.sameFs, "src-"));
  const payloads = Array.from({ length: count }, () => randomBytes(size));
  const paths = payloads.map((_, i) => join(srcDir, `in${i}`));
  for (const [i, p] of paths.entries()) await writeFile(p, payloads[i]!);
  const total = count * size;
  const ids = await timed(results, `write_file ${label}`, count, total, async () => {
    const out: string[] = [];
    for (const p of paths) out.push(await store.writeFile(p));
    return out;
  });
  for (const [tag, base] of [
    ["same-fs (hardlink)", scratch.sameFs],
    ["/dev/shm (copy)", scratch.otherFs],
  ] as const) {
    const outDir = await mkdtemp(join(base, "out-"));
    await timed(results, `read_file ${label} -> ${tag}`, count, total, async () => {
      for (const [i, id] of ids.entries()) await store.readFile(id, join(outDir, `o${i}`));
    });
    check((await readFile(join(outDir, "o0"))).equals(payloads[0]!), "read_file content");
    await rm(outDir, { recursive: true, force: true });
  }
  const sids = await timed(results, `write_file_stream ${label}`, count, total, async () => {
    const out: string[] = [];
    for (const p of payloads) out.push(await store.writeFileStream((w) => void w.end(p)));
    return out;
  });
  const got = await timed(results, `read_file_stream ${label}`, count, total, async () => {
    let n = 0;
    for (const id of sids) n += await readStream(store, id);
    return n;
  });
  check(got === total, "read_file_stream bytes");
  await timed(results, `delete_file ${label}`, 2 * count, 0, async () => {
    for (const id of [...ids, ...sids]) await store.deleteFile(id);
  });
  await rm(srcDir, { recursive: true, force: true });
}

async function benchShared(store: JobStore, results: PhaseResult[]): Promise<void> {
  const count = 200;
  const size = 64 * KIB;
  const payloads = Array.from({ length: count }, () => randomBytes(size));
  await timed(results, "write_shared_file_stream 64KiB", count, count * size, async () => {
    for (const [i, p] of payloads.entries()) {
      await store.writeSharedFileStream(`shared-${i}.bin`, (w) => void w.end(p));
    }
  });
  const got = await timed(results, "read_shared_file_stream 64KiB", count, count * size, async () => {
    let n = 0;
    for (let i = 0; i < count; i++) {
      for await (const chunk of await store.readSharedFileStream(`shared-${i}.bin`))
        n += (chunk as Buffer).length;
    }
    return n;
  });
  check(got === count * size, "shared bytes");
}

/** Every phase of the Toil script, in its order, on an initialized store. */
export async function runPhases(
  store: JobStore,
  scratch: Scratch,
  jobs: number,
  sizes: readonly [string, number, number][] = FILE_SIZES,
): Promise<PhaseResult[]> {
  const results: PhaseResult[] = [];
  await benchJobs(store, jobs, results);
  for (const spec of sizes) await benchFileSize(store, scratch, spec, results);
  await benchShared(store, results);
  return results;
}

/** The Toil script's file specs: label, count, size. */
export const FILE_SIZES: readonly [string, number, number][] = [
  ["64KiB", 200, 64 * KIB],
  ["16MiB", 10, 16 * MIB],
];
