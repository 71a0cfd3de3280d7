/**
 * The contenders of the peer benchmark, each run as one child process per round: Toil's FileJobStore
 * (Debian's python3 running the shared script, in a loopback-only network namespace), jobstore
 * stores through `run-store.ts`, and the floor (bare system calls per phase) through `floor.ts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PhaseResult } from "./phases.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root (bench/peer/../..). */
export const repoRoot = resolve(here, "..", "..");
/**
 * Where the shared peer script lives: `$TOIL_PEER_SCRIPT`, else `shared/peer/` beside the repository (a
 * git worktree elsewhere names it with the variable).
 */
export const toilScript =
  process.env.TOIL_PEER_SCRIPT ?? resolve(repoRoot, "..", "shared", "peer", "toil_filejobstore_bench.py");

/** What a contender's round returned: its phases, or why it could not run. */
export type RoundOutcome = { results: PhaseResult[] } | { skipped: string };

/** A column of the table. */
export interface Contender {
  name: string;
  runRound(jobs: number): Promise<RoundOutcome>;
}

function lastLines(text: string, n = 1): string {
  return text.trim().split("\n").slice(-n).join(" | ");
}

async function inScratch(fn: (dir: string) => RoundOutcome): Promise<RoundOutcome> {
  const dir = await mkdtemp(join(tmpdir(), "jobstore-peer-"));
  try {
    return fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Why Toil cannot run here, or undefined when it can. */
export function toilMissing(): string | undefined {
  if (!existsSync(toilScript)) {
    return `the Toil peer script is missing: expected ${toilScript} (shared/peer/ beside the repository)`;
  }
  const probe = spawnSync("/usr/bin/python3", ["-c", "import toil.jobStores.fileJobStore"], {
    encoding: "utf8",
  });
  if (probe.error || probe.status !== 0) {
    return "Toil is not installed for /usr/bin/python3 (as root: apt-get install -y --no-install-recommends toil)";
  }
  return undefined;
}

/** Toil's FileJobStore through the shared script; `unshare -n` as root, `unshare -rn` otherwise. */
export function toilContender(): Contender {
  return {
    name: "Toil",
    runRound: (jobs) =>
      inScratch((dir) => {
        const json = join(dir, "toil.json");
        const py = `/usr/bin/python3 '${toilScript}' --jobs ${jobs} --dir '${join(dir, "run")}' --json '${json}'`;
        const flags = process.getuid?.() === 0 ? "-n" : "-rn";
        // TMPDIR in the scratch dir: the script's argparse default makes a temp dir even when --dir is
        // given, and it goes with the scratch dir instead of piling up in /tmp.
        const run = spawnSync("unshare", [flags, "sh", "-c", `ip link set lo up; ${py}`], {
          encoding: "utf8",
          maxBuffer: 1 << 24,
          env: { ...process.env, TMPDIR: dir },
        });
        if (run.status !== 0 || !existsSync(json)) {
          return { skipped: `Toil failed (exit ${run.status}): ${lastLines(run.stderr || run.stdout)}` };
        }
        return { results: JSON.parse(readFileSync(json, "utf8")).results as PhaseResult[] };
      }),
  };
}

/** The floor: the bare system-call sequence of each phase (`floor.ts`), in a child process. */
export function floorContender(): Contender {
  return nodeContender("floor", [join(here, "floor.ts")]);
}

/** A jobstore store opened from `locator` (`{dir}` becomes a fresh directory) in a child process. */
export function jobstoreContender(name: string, locator: string, extra: string[] = []): Contender {
  return nodeContender(name, [join(here, "run-store.ts"), locator], extra);
}

/** `tsx <script…> --jobs N --dir DIR --json OUT <extra…>` in a fresh scratch directory per round. */
function nodeContender(name: string, script: string[], extra: string[] = []): Contender {
  const tsx = join(repoRoot, "bench", "node_modules", ".bin", "tsx");
  return {
    name,
    runRound: (jobs) =>
      inScratch((dir) => {
        const json = join(dir, "out.json");
        const args = [...script, "--jobs", String(jobs), "--dir", join(dir, "run")];
        const run = spawnSync(tsx, [...args, "--json", json, ...extra], {
          encoding: "utf8",
          cwd: join(repoRoot, "bench"),
          maxBuffer: 1 << 24,
          env: {
            ...process.env,
            NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} ${process.env.PEER_NODE_OPTIONS ?? ""}`,
          },
        });
        if (run.status !== 0 || !existsSync(json)) {
          return { skipped: `${name} failed (exit ${run.status}): ${lastLines(run.stderr || run.stdout)}` };
        }
        return { results: JSON.parse(readFileSync(json, "utf8")).results as PhaseResult[] };
      }),
  };
}
