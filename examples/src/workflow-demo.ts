import { isJobStoreError, type JobStore, type OpenJobStoreOptions, openJobStore } from "@jobstore/core";
import {
  type ChildJob,
  fanOut,
  type GatherResult,
  gather,
  type JobContext,
  type RootJob,
  runChild,
  SimulatedCrash,
} from "./demo-jobs.js";
import { type DemoStats, emptyStats, formatBytes, jobLabel, short, Trace } from "./trace.js";

/** The texts the children count words in: one child per text. */
export const DEMO_INPUTS: readonly string[] = [
  "A job store keeps a workflow's jobs, files and logs, so a crashed run can pick up where it stopped.",
  "Each backend stores the same things its own way: memory for tests, S3 and SimpleDB for the cloud.",
  "Files are written atomically; cleanup files disappear together with the job that owns them.",
];

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Where to run, e.g. `memory:demo` or `aws:us-east-1:jobstore-demo`. */
  locator: string;
  /** Receives every trace line (default: `console.log`). */
  log?: (line: string) => void;
  /** Leave the store in place at the end instead of destroying it. */
  keep?: boolean;
  /** The child (1-based) whose first run crashes after its file write; 0 for no crash. Default 2. */
  crashChild?: number;
  /** Passed to `openJobStore` (e.g. an `encryptionKey`). */
  openOptions?: OpenJobStoreOptions;
}

/** What {@link runDemo} resolves to. */
export interface DemoSummary extends DemoStats {
  locator: string;
  workflowId: string;
  result: GatherResult;
  /** Whether a child crashed in the first run (and the second run resumed from the store). */
  resumed: boolean;
  durationMs: number;
}

/** Run 1: the root job, its fan-out, and the children in order; `crashChild` (1-based) dies after its write. */
export async function firstRun(ctx: JobContext, crashChild: number): Promise<void> {
  const { store, trace } = ctx;
  const body = {
    jobName: "gather",
    kind: "root" as const,
    stage: "fan-out" as const,
    children: [] as string[],
  };
  const root: RootJob = await store.createJob(store.assignJobId(body));
  await store.setRootJob(root.jobStoreId);
  trace.line(`created root job ${jobLabel(root)} and set it as the workflow's root`);
  await fanOut(ctx, root, DEMO_INPUTS);
  for (const [index, childId] of root.children.entries()) {
    await runChild(ctx, (await store.loadJob(childId)) as ChildJob, index + 1 === crashChild);
  }
}

/**
 * Picks the run up from what the store holds: the root job, and every child not marked done. `orphans`
 * are the files the crash left; without it they are found with `listFiles()`: the root's cleanup files
 * that no finished child names as its output.
 */
export async function resumedRun(ctx: JobContext, orphans?: string[]): Promise<GatherResult> {
  const { store, trace } = ctx;
  const root = (await store.loadRootJob()) as RootJob;
  const pending: ChildJob[] = [];
  let done = 0;
  for await (const job of store.jobs()) {
    if (job.kind !== "child" || job.rootId !== root.jobStoreId) continue;
    if (job.state === "done") done++;
    else pending.push(job as ChildJob);
  }
  trace.line(
    `loaded root ${jobLabel(root)} (stage ${root.stage}); walked jobs(): ${done} of ${done + pending.length} children done`,
  );
  const left = orphans ?? (await findOrphans(ctx, root));
  if (!orphans) {
    trace.line(
      `listFiles(): ${left.length} cleanup file(s) of ${jobLabel(root)} named by no finished child${left.length > 0 ? `: ${left.map(short).join(", ")} (left by the crash)` : ""}`,
    );
  }
  for (const child of pending) await runChild(ctx, child, false);
  return gather(ctx, root, left);
}

/** The root's cleanup files that no finished child names as its output: what a crash left behind. */
async function findOrphans(ctx: JobContext, root: RootJob): Promise<string[]> {
  const named = new Set<string>();
  for (const childId of root.children) {
    const child = (await ctx.store.loadJob(childId)) as ChildJob;
    if (child.outputFileId) named.add(child.outputFileId);
  }
  const orphans: string[] = [];
  for await (const file of ctx.store.listFiles()) {
    if (file.jobId === root.jobStoreId && file.cleanup && !named.has(file.fileId)) orphans.push(file.fileId);
  }
  return orphans;
}

async function open(locator: string, options: OpenJobStoreOptions | undefined): Promise<JobStore> {
  return openJobStore(locator, options ?? {});
}

/**
 * Runs the demo workflow on a store: a root job fans out to one child per input; each child reads its
 * input file, writes an output file with `cleanup: true`, logs a message; one child "crashes" after its
 * file write, the run stops, and a second run resumes from the store through a new handle and finishes.
 *
 * @throws whatever the store throws (e.g. `JOBSTORE_EXISTS` when the locator's store exists already).
 * @example
 * ```ts
 * const summary = await runDemo({ locator: "memory:demo" });
 * console.log(summary.result.totalWords);
 * ```
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = performance.now();
  const crashChild = options.crashChild ?? 2;
  const trace = new Trace(options.log ?? ((line) => console.log(line)));
  trace.plain(
    `jobstore demo on ${options.locator}: a root job fans out to ${DEMO_INPUTS.length} children` +
      (crashChild > 0
        ? `; child ${crashChild} crashes after writing its output, and a second run resumes`
        : ""),
  );
  const stats = emptyStats();
  const first = await open(options.locator, options.openOptions);
  let workflowId = "";
  let resumed = false;
  const orphans: string[] = [];
  trace.run = "run 1";
  try {
    await first.initialize({ demo: "fan-out and resume" });
  } catch (err) {
    await first.close();
    throw err;
  }
  // From here on the store is ours: clean it up whatever happens (an existing store is never touched).
  let summary: DemoSummary;
  try {
    workflowId = first.config.workflowId;
    trace.line(
      `initialized ${options.locator} on the ${first.backendName} backend (workflow ${short(workflowId)})`,
    );
    try {
      await firstRun({ store: first, trace, stats }, crashChild);
    } catch (err) {
      if (!(err instanceof SimulatedCrash)) throw err;
      resumed = true;
      orphans.push(err.orphanFileId);
      trace.line(`run stopped: ${err.message}; this handle is dropped as a dying process would drop it`);
    } finally {
      await first.close();
    }

    trace.run = "run 2";
    const second = await open(options.locator, options.openOptions);
    try {
      await second.resume();
      trace.line(
        `resumed ${options.locator} through a new handle (workflow ${short(second.config.workflowId)})`,
      );
      const result = await resumedRun({ store: second, trace, stats }, orphans);
      summary = { ...stats, locator: options.locator, workflowId, result, resumed, durationMs: 0 };
    } finally {
      await second.close();
    }
  } finally {
    await cleanUp(options, trace);
  }
  summary.durationMs = Math.round(performance.now() - started);
  printSummary(trace, summary);
  return summary;
}

async function cleanUp(options: DemoOptions, trace: Trace): Promise<void> {
  trace.run = "end";
  if (options.keep) {
    trace.line(`kept ${options.locator} (--keep); destroy it with a later run without --keep or by hand`);
    return;
  }
  const store = await open(options.locator, options.openOptions);
  try {
    await store.destroy();
    trace.line(`destroyed ${options.locator}`);
  } catch (err) {
    // The demo's own failure matters more than a failed clean-up; report this one and go on.
    trace.line(`could not destroy ${options.locator}: ${isJobStoreError(err) ? err.code : String(err)}`);
  } finally {
    await store.close();
  }
}

/** Prints the summary block of a finished demo. */
export function printSummary(trace: Trace, summary: DemoSummary): void {
  const per = Object.entries(summary.result.perChild)
    .map(([name, words]) => `${name}=${words}`)
    .join(", ");
  trace.plain("");
  trace.plain("summary");
  trace.plain(`  store          ${summary.locator} (workflow ${summary.workflowId})`);
  trace.plain(
    `  result         ${summary.result.totalWords} words (${per}); longest "${summary.result.longest}"`,
  );
  const why = summary.resumed ? " (one child twice: it crashed in run 1 and ran again in run 2)" : "";
  trace.plain(`  jobs run       ${summary.jobsRun}${why}`);
  trace.plain(`  files written  ${summary.filesWritten}`);
  trace.plain(`  logs read      ${summary.logsRead}`);
  trace.plain(
    `  bytes          ${formatBytes(summary.bytesWritten)} written, ${formatBytes(summary.bytesRead)} read`,
  );
  trace.plain(`  time           ${summary.durationMs} ms`);
}
