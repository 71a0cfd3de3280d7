/**
 * Where a warm operation's time goes, by kind of work:
 * `tsx bench/peer/profile.ts [file|memory] [--ops N] [--phase NAME]… [--top N]`
 * runs each phase in a process of its own under `node --cpu-prof` (`profile-phase.ts`: set-up, the loop
 * once as a warm-up, set-up, the loop again) and splits the measured loop's wall time, from the samples
 * taken inside it, into: system calls (the `node:fs` bindings), garbage collection, stream machinery, the
 * rest of the JavaScript (builtins such as `JSON.parse` and native addons such as the CRC-32 count with
 * their caller) and idle (the main thread waiting on the thread pool's copies and writes), with the top
 * frames by self time. Beside `syscalls.ts` (which calls, how many) it says what stands between a phase
 * and its floor.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { markdown } from "./table.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ops: { type: "string", default: "2000" },
    phase: { type: "string", multiple: true },
    top: { type: "string", default: "3" },
  },
});
const kind = positionals[0] ?? "file";
const here = dirname(fileURLToPath(import.meta.url));

const PHASES = [
  "job load_job",
  "job update_job",
  "job jobs(), per job",
  "job job_exists",
  "job delete_job",
  "write_file 64KiB",
  "read_file 64KiB -> same-fs",
  "read_file 64KiB -> /dev/shm",
  "write_file_stream 64KiB",
  "read_file_stream 64KiB",
  "delete_file 64KiB",
  "write_file 16MiB",
  "read_file 16MiB -> same-fs",
  "read_file 16MiB -> /dev/shm",
  "read_file_stream 16MiB",
  "delete_file 16MiB",
  "write_shared_file_stream 64KiB",
  "read_shared_file_stream 64KiB",
];

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}
type Frame = Profile["nodes"][number]["callFrame"];

const BUCKETS = ["system calls", "GC", "streams", "other JS", "idle"] as const;
type Bucket = (typeof BUCKETS)[number];
const SYSCALLS =
  /^(open|close|read|writeBuffer|writeBuffers|writeString|rename|unlink|link|symlink|stat|lstat|fstat|access|existsSync|readdir|mkdir|rmdir|copyFile|statfs|fsync|ftruncate)$/;

/** The kind of work a sampled frame does: its own time only (self time), never its callees'. */
function bucketOf({ functionName, url }: Frame): Bucket {
  if (functionName === "(garbage collector)") return "GC";
  if (functionName === "(idle)") return "idle";
  if (url === "" && SYSCALLS.test(functionName)) return "system calls";
  if (url.includes("internal/streams") || url.includes("buffer-stream")) return "streams";
  return "other JS";
}

/** Runs one phase under the profiler; its wall µs per op, split by bucket, and its top frames. */
function profilePhase(phase: string) {
  const out = mkdtempSync(join(tmpdir(), "jobstore-cpuprof-"));
  try {
    const run = spawnSync(
      process.execPath,
      ["--cpu-prof", "--cpu-prof-dir", out, "--cpu-prof-interval", "50", "--import", "tsx"].concat([
        join(here, "profile-phase.ts"),
        kind,
        phase,
        "--ops",
        values.ops!,
      ]),
      { cwd: join(here, ".."), encoding: "utf8", maxBuffer: 1 << 24 },
    );
    if (run.status !== 0) throw new Error(`${phase}: exit ${run.status}: ${run.stderr.slice(-2000)}`);
    const { start, end, wall } = JSON.parse(run.stdout.trim().split("\n").pop()!);
    // The main thread's profile is the largest (tsx's loader thread writes a small one).
    const file = readdirSync(out)
      .map((name) => join(out, name))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
    return { wall: wall as number, ...split(JSON.parse(readFileSync(file, "utf8")), start, end, wall) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Buckets the samples taken between `start` and `end` (µs on the profiler's clock), scaled to `wall`. */
function split(profile: Profile, start: number, end: number, wall: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const us = new Map<Bucket, number>(BUCKETS.map((b) => [b, 0]));
  const frames = new Map<string, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t < start || t > end) return;
    const frame = byId.get(id)!;
    const bucket = bucketOf(frame);
    us.set(bucket, us.get(bucket)! + 1);
    const name = `${frame.functionName || "(anonymous)"}${frame.url ? ` ${frame.url.split("/").pop()}` : ""}`;
    if (bucket !== "idle") frames.set(name, (frames.get(name) ?? 0) + 1);
  });
  const sampled = [...us.values()].reduce((a, b) => a + b, 0) || 1;
  const top = [...frames]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top))
    .map(([name, n]) => `${name} ${((n / sampled) * 100).toFixed(0)}%`)
    .join(", ");
  return { us: BUCKETS.map((b) => (us.get(b)! / sampled) * wall), top, samples: sampled };
}

const rows: string[][] = [];
for (const phase of values.phase ?? PHASES) {
  const { wall, us, top, samples } = profilePhase(phase);
  rows.push([phase, wall.toFixed(1), ...us.map((u) => u.toFixed(1)), top, String(samples)]);
}
console.log(
  `${kind}: warm µs per op by kind of work (self time, sampled every 50 µs inside the measured loop), ${values.ops} ops per phase (10 for 16 MiB)\n`,
);
console.log(markdown(["phase", "wall µs/op", ...BUCKETS, "top frames (self time)", "samples"], rows));
