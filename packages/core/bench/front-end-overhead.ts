/**
 * `npx tsx packages/core/bench/front-end-overhead.ts`: what the front end's guard costs per call, over a
 * backend that does nothing (so the figures are the front end alone), next to calling that backend
 * directly. Prints one table of CPU time per call (the process's own user + system time, so other load
 * on the machine skews it less than wall time); `BENCH_CALLS` sets the calls per row (default 300,000).
 */
import { createJobStore, defineCapabilities, type JobStoreBackend, type StoredJob } from "../src/index.js";

const CALLS = Number(process.env.BENCH_CALLS ?? 300_000);

const small: StoredJob = { jobStoreId: "job-1", version: 1, jobName: "step" };
const typical: StoredJob = {
  jobStoreId: "5b1f0c1e-3a8e-4c1b-9a51-1f8d3c2e7a90",
  version: 1,
  jobName: "align",
  command: "python align.py --input reads.fq --output aligned.bam",
  requirements: { memory: 2 ** 31, cores: 4, disk: 2 ** 30, preemptible: false },
  successors: [["a", "b"], ["c"]],
  filesToDelete: [],
  body: "x".repeat(600),
};

/** A backend that answers at once: the front end is all that is measured. */
const nullBackend = {
  name: "null",
  capabilities: defineCapabilities({ maxIdBytes: 1024 }),
  async create() {},
  async open() {},
  async destroy() {},
  async writeSharedFile(_name: string, source: AsyncIterable<unknown>) {
    for await (const _ of source);
  },
  async readSharedFile() {
    throw new Error("not needed");
  },
  async loadJob() {
    return small;
  },
  async jobExists() {
    return true;
  },
  async updateJob() {},
} as unknown as JobStoreBackend;

const store = createJobStore(nullBackend);
await store.initialize();

async function nsPerCall(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < CALLS / 10; i++) await fn();
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await fn();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / CALLS;
}

const rows: Array<[string, () => Promise<unknown>]> = [
  ["backend.loadJob (direct, baseline)", () => nullBackend.loadJob("job-1", {})],
  ["store.loadJob", () => store.loadJob("job-1")],
  ["store.jobExists", () => store.jobExists("job-1")],
  ["backend.updateJob (direct, baseline)", () => nullBackend.updateJob(small, {})],
  ["store.updateJob, 3 fields", () => store.updateJob(small)],
  [`store.updateJob, ${JSON.stringify(typical).length} B job`, () => store.updateJob(typical)],
  [`JSON.stringify of that job (for scale)`, async () => JSON.stringify(typical)],
];
const table = [];
for (const [operation, fn] of rows) table.push({ operation, "CPU ns/call": Math.round(await nsPerCall(fn)) });
console.table(table);
