/**
 * Where a warm operation's time goes, by kind of work: `tsx bench/peer/profile.ts [file|memory] [--ops N]`
 * samples each phase's loop (after a warm-up of the same loop) with V8's CPU profiler and prints µs per
 * op spent in system calls (the `node:fs` bindings, named), garbage collection, stream machinery, and
 * the rest of the JavaScript (builtins such as `JSON.parse` and native addons such as the CRC-32 count
 * with their caller).
 * Beside `syscalls.ts` (which calls, how many) it says what stands between a phase and its floor. The
 * sampled shares are scaled to the loop's wall time (the profiler also samples its own start and stop).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createFileBackend } from "@jobstore/backend-file";
import { createMemoryBackend } from "@jobstore/backend-memory";
import { createJobStore, type StoredJob } from "@jobstore/core";
import { markdown } from "./table.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ops: { type: "string", default: "2000" } },
});
const kind = positionals[0] ?? "file";
const ops = Number(values.ops);
const dir = mkdtempSync(join(tmpdir(), "jobstore-profile-"));
const store = createJobStore(
  kind === "memory"
    ? createMemoryBackend({ name: "profile" })
    : createFileBackend({ path: join(dir, "store") }),
);
await store.initialize();

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const BUCKETS = ["system calls", "GC", "streams", "other JS", "idle"] as const;
type Bucket = (typeof BUCKETS)[number];

/** The kind of work a sampled frame does: its own time only (self time), never its callees'. */
function bucketOf({ functionName, url }: ProfileNode["callFrame"]): Bucket {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return "idle";
  if (
    url === "" &&
    /^(open|close|read|writeBuffer|writeString|rename|unlink|link|stat|lstat|fstat|access|existsSync|readdir|mkdir|rmdir|copyFile|statfs)$/.test(
      functionName,
    )
  )
    return "system calls";
  if (url.includes("internal/streams") || url.includes("buffer-stream")) return "streams";
  return "other JS";
}

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 });

/** Runs `op` `ops` times as a warm-up, then again under the profiler; µs per op by bucket. */
async function profiled(prep: () => Promise<void>, op: (i: number) => Promise<unknown>) {
  await prep();
  for (let i = 0; i < ops; i++) await op(i);
  await prep();
  await session.post("Profiler.start");
  const t0 = performance.now();
  for (let i = 0; i < ops; i++) await op(i);
  const wall = ((performance.now() - t0) * 1000) / ops;
  const { profile } = (await session.post("Profiler.stop")) as { profile: Profile };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const us = new Map<Bucket, number>(BUCKETS.map((b) => [b, 0]));
  profile.samples.forEach((id, i) => {
    const bucket = bucketOf(byId.get(id)!.callFrame);
    us.set(bucket, us.get(bucket)! + (profile.timeDeltas[i] ?? 0));
  });
  const sampled = [...us.values()].reduce((a, b) => a + b, 0);
  return { wall, us: BUCKETS.map((b) => (us.get(b)! / sampled) * wall) };
}

const payload = randomBytes(64 * 1024);
const local = join(dir, "in");
writeFileSync(local, payload);
let jobs: StoredJob[] = [];
let files: string[] = [];
const job = (i: number) =>
  store.assignJobId({ jobName: "j", unitName: `u${i}`, command: `c${i}`, filesToDelete: [] });
const makeJobs = async () => {
  for (const j of jobs) await store.deleteJob(j.jobStoreId);
  jobs = [];
  for (let i = 0; i < ops; i++) jobs.push(await store.createJob(job(i)));
};
const makeFiles = async () => {
  for (const f of files) await store.deleteFile(f);
  files = [];
  for (let i = 0; i < ops; i++) files.push(await store.writeFileStream((w) => void w.end(payload)));
};
const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const _ of stream);
};
let outDir = "";
const freshOut = async () => {
  await makeFiles();
  outDir = mkdtempSync(join(dir, "out-"));
};

const phases: [string, () => Promise<void>, (i: number) => Promise<unknown>][] = [
  ["job load_job", makeJobs, (i) => store.loadJob(jobs[i]!.jobStoreId)],
  ["job update_job", makeJobs, (i) => store.updateJob({ ...jobs[i]!, command: `u${i}` })],
  ["job job_exists", makeJobs, (i) => store.jobExists(jobs[i]!.jobStoreId)],
  ["write_file 64KiB", async () => {}, () => store.writeFile(local)],
  ["read_file 64KiB -> same-fs", freshOut, (i) => store.readFile(files[i]!, join(outDir, `o${i}`))],
  ["read_file_stream 64KiB", makeFiles, async (i) => drain(await store.readFileStream(files[i]!))],
  ["delete_file 64KiB", makeFiles, (i) => store.deleteFile(files[i]!)],
  [
    "write_shared_file_stream 64KiB",
    async () => {},
    (i) => store.writeSharedFileStream(`s${i}`, (w) => void w.end(payload)),
  ],
  [
    "read_shared_file_stream 64KiB",
    async () => {},
    async (i) => drain(await store.readSharedFileStream(`s${i}`)),
  ],
];

const rows: string[][] = [];
for (const [name, prep, op] of phases) {
  const { wall, us } = await profiled(prep, op);
  rows.push([name, wall.toFixed(1), ...us.map((u) => u.toFixed(1))]);
}
console.log(
  `${kind}: warm µs per op by kind of work (self time, sampled every 50 µs, scaled to the wall time), ${ops} ops per phase\n`,
);
console.log(markdown(["phase", "wall µs/op", ...BUCKETS], rows));
await store.destroy();
rmSync(dir, { recursive: true, force: true });
