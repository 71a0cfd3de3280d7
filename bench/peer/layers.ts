/**
 * Where a warm operation's time goes: per operation, µs at three layers, alternating in one process —
 * the bare system calls (the floor), the backend called directly, and the `JobStore` front end over the
 * same backend. `tsx bench/peer/layers.ts [file|memory] [--ops N] [--rounds N]`. Warm means after a
 * warm-up of the same loop (the peer phases run each loop once, cold, as Toil's script does).
 */
import { randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { createFileBackend } from "@jobstore/backend-file";
import { createMemoryBackend } from "@jobstore/backend-memory";
import { createJobStore, type JobStoreBackend, type StoredJob } from "@jobstore/core";
import { median } from "../median.js";
import { markdown } from "./table.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { ops: { type: "string", default: "1000" }, rounds: { type: "string", default: "5" } },
});
const kind = positionals[0] ?? "file";
const ops = Number(values.ops);
const rounds = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), "jobstore-layers-"));
const none = {};

const backend: JobStoreBackend =
  kind === "memory"
    ? createMemoryBackend({ name: "layers" })
    : createFileBackend({ path: join(dir, "store") });
const store = createJobStore(backend);
await store.initialize();
const payload = randomBytes(64 * 1024);
const buf = Buffer.allocUnsafe(80 * 1024);

function job(i: number) {
  return store.assignJobId({ jobName: "j", unitName: `u${i}`, command: `c${i}`, filesToDelete: [] });
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}

/** µs per op of `op` over `ops` calls, after the same loop once as a warm-up. */
async function perOp(prep: () => Promise<void> | void, op: (i: number) => Promise<unknown> | unknown) {
  await prep();
  for (let i = 0; i < ops; i++) await op(i);
  await prep();
  const t0 = performance.now();
  for (let i = 0; i < ops; i++) await op(i);
  return ((performance.now() - t0) * 1000) / ops;
}

const jobs: StoredJob[] = [];
const files: string[] = [];
const floorDir = mkdtempSync(join(dir, "floor-"));
const floorNames = Array.from({ length: ops }, (_, i) => join(floorDir, `f${i}`));
const record = Buffer.from(JSON.stringify(job(0)));
const makeJobs = async () => {
  for (const j of jobs) await backend.deleteJob(j.jobStoreId, none);
  jobs.length = 0;
  for (let i = 0; i < ops; i++) jobs.push(await store.createJob(job(i)));
};
const makeFiles = async () => {
  files.length = 0;
  for (let i = 0; i < ops; i++) files.push(await store.writeFileStream((w) => void w.end(payload)));
};
const floorFiles = (data: Buffer) => () => {
  for (const n of floorNames) writeFileSync(n, data);
};
const readWhole = (path: string) => {
  const fd = openSync(path, "r");
  try {
    return readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
};

type Layer = [string, () => Promise<number>];
const rows: [string, Layer[]][] = [
  [
    "job_exists",
    [
      ["floor", () => perOp(floorFiles(record), (i) => accessSync(floorNames[i]!))],
      ["backend", () => perOp(makeJobs, (i) => backend.jobExists(jobs[i]!.jobStoreId, none))],
      ["JobStore", () => perOp(makeJobs, (i) => store.jobExists(jobs[i]!.jobStoreId))],
    ],
  ],
  [
    "update_job",
    [
      [
        "floor",
        () =>
          perOp(floorFiles(record), (i) => {
            const fd = openSync(`${floorNames[i]}.tmp`, "wx");
            writeSync(fd, record);
            closeSync(fd);
            renameSync(`${floorNames[i]}.tmp`, floorNames[i]!);
          }),
      ],
      ["backend", () => perOp(makeJobs, (i) => backend.updateJob(jobs[i]!, none))],
      ["JobStore", () => perOp(makeJobs, (i) => store.updateJob(jobs[i]!))],
    ],
  ],
  [
    "read_file_stream 64KiB",
    [
      ["floor", () => perOp(floorFiles(payload), (i) => readWhole(floorNames[i]!))],
      [
        "backend",
        () => perOp(makeFiles, async (i) => drain((await backend.readFile(files[i]!, none)).stream)),
      ],
      ["JobStore", () => perOp(makeFiles, async (i) => drain(await store.readFileStream(files[i]!)))],
      [
        "Readable.from([buf])",
        () =>
          perOp(
            () => {},
            () => drain(Readable.from([payload])),
          ),
      ],
    ],
  ],
  [
    "delete_file 64KiB",
    [
      ["floor", () => perOp(floorFiles(payload), (i) => rmSync(floorNames[i]!))],
      ["backend", () => perOp(makeFiles, (i) => backend.deleteFile(files[i]!, none))],
      ["JobStore", () => perOp(makeFiles, (i) => store.deleteFile(files[i]!))],
    ],
  ],
];

const table: string[][] = [];
try {
  for (const [name, layers] of rows) {
    const samples = layers.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) {
      for (const [k, [, run]] of layers.entries()) samples[k]!.push(await run());
    }
    table.push([name, ...layers.map(([label], k) => `${label} ${median(samples[k]!).toFixed(1)}`)]);
  }
  console.log(`${kind}: warm µs per op, median of ${rounds} rounds of ${ops} ops\n`);
  console.log(
    markdown(
      ["phase", "layer µs/op", "", "", ""],
      table.map((r) => [...r, "", "", ""].slice(0, 5)),
    ),
  );
} finally {
  await store.destroy();
  rmSync(dir, { recursive: true, force: true });
}
