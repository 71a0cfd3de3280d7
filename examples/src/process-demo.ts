import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { isJobStoreError, JobStoreError, type JobStoreErrorCode, openJobStore } from "@jobstore/core";
import type { RunMessage } from "./demo-process-run.js";
import { type DemoStats, emptyStats, Trace } from "./trace.js";
import { DEMO_INPUTS, type DemoSummary, printSummary } from "./workflow-demo.js";

/** Options of {@link runProcessDemo}. */
export interface ProcessDemoOptions {
  /** A store that outlives a process: `file:…`, `aws:…`, `s3:…`. */
  locator: string;
  /** Receives every trace line (default: `console.log`). */
  log?: (line: string) => void;
  /** Leave the store in place at the end instead of destroying it. */
  keep?: boolean;
  /** The child (1-based) whose run-1 process kills itself after its file write; 0 for no crash. Default 2. */
  crashChild?: number;
}

/** What {@link runProcessDemo} resolves to. */
export interface ProcessDemoSummary extends DemoSummary {
  /** The PIDs of run 1 and run 2. */
  pids: [number, number];
  /** How run 1 ended: `"SIGKILL"` when it killed itself, else its exit code. */
  run1Exit: string;
}

// tsx's loader by absolute URL: each run is one Node process (no wrapper process), so the PID printed is
// the PID that dies.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

function addStats(a: DemoStats, b: DemoStats): DemoStats {
  const sum = emptyStats();
  for (const key of Object.keys(sum) as (keyof DemoStats)[]) sum[key] = a[key] + b[key];
  return sum;
}

interface RunOutcome {
  pid: number;
  exit: string;
  stats: DemoStats;
  result?: Extract<RunMessage, { type: "result" }>;
  error?: Extract<RunMessage, { type: "error" }>;
}

/** Runs one run process to its end, printing its trace lines as they come. */
function runProcess(trace: Trace, args: string[]): Promise<RunOutcome> {
  const child = spawn(
    process.execPath,
    ["--import", tsx, join(import.meta.dirname, "demo-process-run.ts"), ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const outcome: RunOutcome = { pid: child.pid ?? 0, exit: "", stats: emptyStats() };
  trace.run = `${args[0] === "run1" ? "run 1" : "run 2"} pid ${outcome.pid}`;
  const lines = createInterface({ input: child.stdout });
  lines.on("line", (raw) => {
    let message: RunMessage;
    try {
      message = JSON.parse(raw) as RunMessage;
    } catch {
      trace.plain(raw);
      return;
    }
    if (message.type === "line") {
      trace.line(message.text);
      outcome.stats = message.stats;
    } else if (message.type === "result") outcome.result = message;
    else outcome.error = message;
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    // "close", not "exit": every line the process wrote has been read by then.
    child.once("close", (code, signal) => {
      outcome.exit = signal ?? String(code);
      resolve(outcome);
    });
  });
}

/**
 * The workflow demo with real processes: run 1 is a child process that initializes the store, fans
 * out, and kills itself with SIGKILL in the crashing child, after its output file is written and before
 * its job is updated. Run 2 is a new process that resumes from the store, finds the unfinished child and
 * the orphaned file (`listFiles()`), and finishes. This process only starts them, prints their trace, and
 * destroys the store at the end.
 *
 * @throws when a run fails (a run process exiting other than by the planned SIGKILL), or whatever the
 * store throws on destroy.
 * @example
 * ```ts
 * const summary = await runProcessDemo({ locator: "file:/tmp/demo-store" });
 * console.log(summary.pids, summary.result.totalWords);
 * ```
 */
export async function runProcessDemo(options: ProcessDemoOptions): Promise<ProcessDemoSummary> {
  const started = performance.now();
  const crashChild = options.crashChild ?? 2;
  const trace = new Trace(options.log ?? ((line) => console.log(line)));
  trace.plain(
    `jobstore demo on ${options.locator}: a root job fans out to ${DEMO_INPUTS.length} children in process 1` +
      (crashChild > 0
        ? `, which dies (SIGKILL) in child ${crashChild}; process 2 resumes from the store`
        : ""),
  );
  const first = await runProcess(trace, ["run1", options.locator, String(crashChild)]);
  if (first.error) {
    // initialize failed: the store (if any) is not ours to destroy.
    throw new JobStoreError(
      (first.error.code || "JOBSTORE_UNAVAILABLE") as JobStoreErrorCode,
      first.error.message,
    );
  }
  let summary: ProcessDemoSummary | undefined;
  try {
    trace.run = "parent";
    const expected = crashChild > 0 ? "SIGKILL" : "0";
    trace.line(
      `run 1 (pid ${first.pid}) ended: ${first.exit === "SIGKILL" ? "killed by SIGKILL" : `exit ${first.exit}`}`,
    );
    if (first.exit !== expected) throw new Error(`run 1 ended with ${first.exit}, expected ${expected}`);
    const second = await runProcess(trace, ["run2", options.locator]);
    trace.run = "parent";
    trace.line(`run 2 (pid ${second.pid}) ended: exit ${second.exit}`);
    if (second.exit !== "0" || !second.result) throw new Error(`run 2 failed (exit ${second.exit})`);
    summary = {
      ...addStats(first.stats, second.stats),
      locator: options.locator,
      workflowId: second.result.workflowId,
      result: second.result.result,
      resumed: crashChild > 0,
      durationMs: 0,
      pids: [first.pid, second.pid],
      run1Exit: first.exit,
    };
  } finally {
    trace.run = "end";
    await cleanUp(options, trace);
  }
  summary.durationMs = Math.round(performance.now() - started);
  printSummary(trace, summary);
  trace.plain(
    `  processes      run 1 pid ${summary.pids[0]} (${summary.run1Exit}), run 2 pid ${summary.pids[1]}`,
  );
  return summary;
}

async function cleanUp(options: ProcessDemoOptions, trace: Trace): Promise<void> {
  if (options.keep) {
    trace.line(`kept ${options.locator} (--keep)`);
    return;
  }
  const store = await openJobStore(options.locator);
  try {
    await store.destroy();
    trace.line(`destroyed ${options.locator}`);
  } catch (err) {
    trace.line(`could not destroy ${options.locator}: ${isJobStoreError(err) ? err.code : String(err)}`);
  } finally {
    await store.close();
  }
}
