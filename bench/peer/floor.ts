/**
 * The floor column of the peer benchmark: per phase, the bare system-call sequence the phase needs at
 * least, as a loop of synchronous `node:fs` calls on the same disk, in a process of its own (as a store's
 * round is): `tsx floor.ts --jobs N --dir DIR --json OUT`. No store, no checksums, no records: what
 * is left between a store and this column is its own code path, not the disk.
 *
 * A phase repeats its batch (fresh names, preparation untimed) until it has run ≥ 2,000 ops or ≥ 0.3 s,
 * so that one GC or one preemption does not move its median.
 */
import { randomBytes } from "node:crypto";
import {
  accessSync,
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import type { PhaseResult } from "./phases.js";
import { FILE_SIZES } from "./phases.js";

const MIN_OPS = 2000;
const MIN_SECONDS = 0.3;
/** Repeats stop once this much has been written for a phase, minimums met or not (the 16 MiB phases). */
const MAX_BYTES = 256 << 20;

const { values } = parseArgs({
  options: {
    jobs: { type: "string", default: "2000" },
    dir: { type: "string" },
    json: { type: "string" },
  },
});
if (!values.dir || !values.json) throw new Error("usage: floor.ts --dir DIR --json OUT [--jobs N]");
mkdirSync(values.dir, { recursive: true });
const root = values.dir;
const otherFs = mkdtempSync(join(existsSync("/dev/shm") ? "/dev/shm" : root, "jsfloor-"));
let batchSeq = 0;
const freshDir = (base = root) => mkdtempSync(join(base, `b${batchSeq++}-`));

/**
 * Times `op(ctx, i)` for i < count on a context `prep()` made (untimed), repeating with a fresh context
 * until the minimums hold (or, for a phase that `writes`, until {@link MAX_BYTES} were written); reports
 * ops/s (and MiB/s of `bytesPerOp` unless `reportBytes` is false) over the timed part only, and removes
 * each context's `dirs` after its batch.
 */
function phase<C extends { dirs: string[] }>(
  results: PhaseResult[],
  name: string,
  count: number,
  bytesPerOp: number,
  prep: () => C,
  op: (ctx: C, i: number) => void,
  { reportBytes = true, writes = true } = {},
): void {
  let ops = 0;
  let ms = 0;
  const batchBytes = writes ? Math.max(1, count * bytesPerOp) : 0;
  for (let b = 0; b * batchBytes < MAX_BYTES && ops < MIN_OPS && ms < MIN_SECONDS * 1000; b++) {
    const ctx = prep();
    const t0 = performance.now();
    for (let i = 0; i < count; i++) op(ctx, i);
    ms += performance.now() - t0;
    ops += count;
    for (const d of ctx.dirs) rmSync(d, { recursive: true, force: true });
  }
  const seconds = ms / 1000;
  const rec: PhaseResult = { phase: name, count: ops, seconds, ops_per_s: ops / seconds };
  if (bytesPerOp && reportBytes) {
    const mib = (ops * bytesPerOp) / (1 << 20);
    Object.assign(rec, { MiB: mib, MiB_per_s: mib / seconds });
  }
  results.push(rec);
}

/** A whole small file in one open + read + close, as a store's load does (no stat for the size). */
function readSmall(path: string, buf: Buffer): number {
  const fd = openSync(path, "r");
  try {
    return readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
}

/** Writes `data` to a temp name beside `dest` and renames it into place: the crash-safe minimum. */
function writeAndRename(dest: string, data: Buffer): void {
  const tmp = `${dest}.tmp`;
  const fd = openSync(tmp, "wx");
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, dest);
}

function populated(count: number, data: Buffer): { dir: string; names: string[]; dirs: string[] } {
  const dir = freshDir();
  const names = Array.from({ length: count }, (_, i) => join(dir, `f${i}`));
  for (const n of names) writeFileSync(n, data);
  return { dir, names, dirs: [dir] };
}

function jobPhases(results: PhaseResult[], n: number): void {
  // A job record of the size the stores write (JSON of Toil's bench job, ~300 bytes).
  const record = Buffer.from(JSON.stringify({ x: "j".repeat(280) }));
  const buf = Buffer.allocUnsafe(64 * 1024);
  // The read-only phases share one set of files (made once, untimed): only writes need fresh ones.
  const set = populated(n, record);
  const readOnly = () => ({ ...set, dirs: [] as string[] });
  phase(results, "job create (assign_job_id+create_job)", n, 0, fresh, (c, i) =>
    writeAndRename(join(c.dir, `j${i}`), record),
  );
  phase(results, "job load_job", n, 0, readOnly, (c, i) => readSmall(c.names[i]!, buf));
  phase(
    results,
    "job update_job",
    n,
    0,
    () => populated(n, record),
    (c, i) => writeAndRename(c.names[i]!, record),
  );
  phase(
    results,
    "job jobs() full iteration (loads each)",
    n,
    0,
    () => ({ ...readOnly(), listed: [] as string[] }),
    (c, i) => {
      if (i === 0) c.listed = readdirSync(c.dir);
      readSmall(join(c.dir, c.listed[i]!), buf);
    },
  );
  phase(results, "job job_exists", n, 0, readOnly, (c, i) => accessSync(c.names[i]!));
  phase(
    results,
    "job delete_job",
    n,
    0,
    () => populated(n, record),
    (c, i) => unlinkSync(c.names[i]!),
  );
  rmSync(set.dir, { recursive: true, force: true });
}

function filePhases(results: PhaseResult[], [label, count, size]: [string, number, number]): void {
  const payload = randomBytes(size);
  const buf = Buffer.allocUnsafe(size);
  const source = join(freshDir(), "source");
  writeFileSync(source, payload);
  const into = (base: string) => () => {
    const dir = freshDir(base);
    return { dir, dirs: [dir] };
  };
  phase(results, `write_file ${label}`, count, size, into(root), (c, i) => {
    const dest = join(c.dir, `f${i}`);
    copyFileSync(source, `${dest}.tmp`);
    renameSync(`${dest}.tmp`, dest);
  });
  const set = populated(count, payload);
  const stored = () => {
    const out = freshDir(root);
    const shm = freshDir(otherFs);
    return { ...set, out, shm, dirs: [out, shm] };
  };
  phase(
    results,
    `read_file ${label} -> same-fs (hardlink)`,
    count,
    size,
    stored,
    (c, i) => linkSync(c.names[i]!, join(c.out, `o${i}`)),
    { writes: false },
  );
  phase(results, `read_file ${label} -> /dev/shm (copy)`, count, size, stored, (c, i) =>
    copyFileSync(c.names[i]!, join(c.shm, `o${i}`)),
  );
  phase(results, `write_file_stream ${label}`, count, size, into(root), (c, i) =>
    writeAndRename(join(c.dir, `f${i}`), payload),
  );
  phase(results, `read_file_stream ${label}`, count, size, stored, (c, i) => readSmall(c.names[i]!, buf), {
    writes: false,
  });
  // Toil's delete phase removes both the written and the streamed files: 2 × count unlinks.
  phase(
    results,
    `delete_file ${label}`,
    2 * count,
    size,
    () => populated(2 * count, payload),
    (c, i) => unlinkSync(c.names[i]!),
    { reportBytes: false },
  );
  rmSync(dirname(source), { recursive: true, force: true });
  rmSync(set.dir, { recursive: true, force: true });
}

function fresh() {
  const dir = freshDir();
  return { dir, dirs: [dir] };
}

function sharedPhases(results: PhaseResult[]): void {
  const count = 200;
  const size = 64 * 1024;
  const payload = randomBytes(size);
  const buf = Buffer.allocUnsafe(size);
  phase(results, "write_shared_file_stream 64KiB", count, size, fresh, (c, i) =>
    writeAndRename(join(c.dir, `shared-${i}.bin`), payload),
  );
  phase(
    results,
    "read_shared_file_stream 64KiB",
    count,
    size,
    () => populated(count, payload),
    (c, i) => readSmall(c.names[i]!, buf),
  );
}

const results: PhaseResult[] = [];
try {
  jobPhases(results, Number(values.jobs));
  for (const spec of FILE_SIZES) filePhases(results, [...spec]);
  sharedPhases(results);
  writeFileSync(values.json, JSON.stringify({ results }, null, 1));
} finally {
  rmSync(otherFs, { recursive: true, force: true });
}
