/**
 * One warm phase for `profile.ts`, in a process of its own (run under `--cpu-prof`):
 * `profile-phase.ts <file|memory> <phase> --ops N`. Sets up, runs the phase's loop once as a warm-up,
 * sets up again, runs it once more (a phase that can, again until it has lasted 0.3 s) and prints
 * `{ start, end, wall }`: the measured loop's bounds on the profiler's clock (µs, monotonic) and its wall
 * µs per op.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createFileBackend } from "@jobstore/backend-file";
import { createMemoryBackend } from "@jobstore/backend-memory";
import { createJobStore, type StoredJob } from "@jobstore/core";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ops: { type: "string", default: "2000" } },
});
const [kind, phase] = positionals;
const ops = Number(values.ops);
const dir = mkdtempSync(join(tmpdir(), "jobstore-profile-"));
const made: string[] = [dir];
const store = createJobStore(
  kind === "memory"
    ? createMemoryBackend({ name: "profile" })
    : createFileBackend({ path: join(dir, "store") }),
);
await store.initialize();

const small = randomBytes(64 * 1024);
const big = randomBytes(16 * 1024 * 1024);
const BIG_OPS = 10;
const localSmall = join(dir, "in-small");
const localBig = join(dir, "in-big");
writeFileSync(localSmall, small);
writeFileSync(localBig, big);
let jobs: StoredJob[] = [];
let files: string[] = [];
let outDir = "";
const shm = existsSync("/dev/shm") ? "/dev/shm" : dir;

const job = (i: number) =>
  store.assignJobId({ jobName: "j", unitName: `u${i}`, command: `c${i}`, filesToDelete: [] });
const makeJobs = async () => {
  for (const j of jobs) await store.deleteJob(j.jobStoreId);
  jobs = [];
  for (let i = 0; i < ops; i++) jobs.push(await store.createJob(job(i)));
};
const makeFiles = (payload: Buffer, count: number) => async () => {
  for (const f of files) await store.deleteFile(f);
  files = [];
  for (let i = 0; i < count; i++) files.push(await store.writeFileStream((w) => void w.end(payload)));
};
const freshOut = (payload: Buffer, count: number, base: string) => async () => {
  await makeFiles(payload, count)();
  outDir = mkdtempSync(join(base, "jobstore-profile-out-"));
  made.push(outDir);
};
const sharedFiles = async () => {
  for (let i = 0; i < ops; i++) await store.writeSharedFileStream(`s${i}`, (w) => void w.end(small));
};
const none = async () => {};
const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const _ of stream);
};
const readTo = (i: number) => store.readFile(files[i]!, join(outDir, `o${i}`));

/** Per phase: set-up (untimed), one op, how many ops, and how many items one op covers. */
const phases: Record<string, [() => Promise<void>, (i: number) => Promise<unknown>, number, number]> = {
  "job load_job": [makeJobs, (i) => store.loadJob(jobs[i]!.jobStoreId), ops, 1],
  "job update_job": [makeJobs, (i) => store.updateJob({ ...jobs[i]!, command: `u${i}` }), ops, 1],
  "job jobs(), per job": [makeJobs, () => drain(store.jobs()), 3, ops],
  "job job_exists": [makeJobs, (i) => store.jobExists(jobs[i]!.jobStoreId), ops, 1],
  "job delete_job": [makeJobs, (i) => store.deleteJob(jobs[i]!.jobStoreId), ops, 1],
  "write_file 64KiB": [none, () => store.writeFile(localSmall), ops, 1],
  "read_file 64KiB -> same-fs": [freshOut(small, ops, dir), readTo, ops, 1],
  "read_file 64KiB -> /dev/shm": [freshOut(small, ops, shm), readTo, ops, 1],
  "write_file_stream 64KiB": [none, () => store.writeFileStream((w) => void w.end(small)), ops, 1],
  "read_file_stream 64KiB": [
    makeFiles(small, ops),
    async (i) => drain(await store.readFileStream(files[i]!)),
    ops,
    1,
  ],
  "delete_file 64KiB": [makeFiles(small, ops), (i) => store.deleteFile(files[i]!), ops, 1],
  "write_file 16MiB": [none, () => store.writeFile(localBig), BIG_OPS, 1],
  "read_file 16MiB -> same-fs": [freshOut(big, BIG_OPS, dir), readTo, BIG_OPS, 1],
  "read_file 16MiB -> /dev/shm": [freshOut(big, BIG_OPS, shm), readTo, BIG_OPS, 1],
  "read_file_stream 16MiB": [
    makeFiles(big, BIG_OPS),
    async (i) => drain(await store.readFileStream(files[i]!)),
    BIG_OPS,
    1,
  ],
  "delete_file 16MiB": [makeFiles(big, BIG_OPS), (i) => store.deleteFile(files[i]!), BIG_OPS, 1],
  "write_shared_file_stream 64KiB": [
    none,
    (i) => store.writeSharedFileStream(`s${i}`, (w) => void w.end(small)),
    ops,
    1,
  ],
  "read_shared_file_stream 64KiB": [
    sharedFiles,
    async (i) => drain(await store.readSharedFileStream(`s${i}`)),
    ops,
    1,
  ],
};

/** Phases whose loop can run again on the same set-up (reads, and writes that replace what they wrote). */
const REPEATABLE = new Set([
  "job load_job",
  "job update_job",
  "job jobs(), per job",
  "job job_exists",
  "read_file_stream 64KiB",
  "read_file_stream 16MiB",
  "write_shared_file_stream 64KiB",
  "read_shared_file_stream 64KiB",
]);
const MIN_US = 300_000;

/** The profiler's clock: V8's monotonic ticks, the same clock as `process.hrtime`, in µs. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const spec = phases[phase ?? ""];
if (!spec)
  throw new Error(`unknown phase ${JSON.stringify(phase)}; one of: ${Object.keys(phases).join(", ")}`);
const [prep, op, count, per] = spec;
try {
  await prep();
  for (let i = 0; i < count; i++) await op(i);
  await prep();
  // A phase that leaves the store as it found it runs again until it has lasted 0.3 s: a loop of a few
  // milliseconds would be a handful of samples, moved by one collection or one tier-up.
  const again = REPEATABLE.has(phase!);
  const start = nowUs();
  let passes = 0;
  do {
    for (let i = 0; i < count; i++) await op(i);
    passes++;
  } while (again && nowUs() - start < MIN_US);
  const end = nowUs();
  const wall = (end - start) / (passes * count * per);
  process.stdout.write(`${JSON.stringify({ start, end, wall })}\n`);
} finally {
  await store.destroy();
  for (const path of made) rmSync(path, { recursive: true, force: true });
}
