// One run of the workflow demo in a process of its own (started by process-demo.ts). Each trace line
// goes to stdout as JSON with the counters so far, so the parent can number the lines of both runs and
// add up what a run did even when it was killed.
import { isJobStoreError, openJobStore } from "@jobstore/core";
import type { JobContext } from "./demo-jobs.js";
import { emptyStats, short, Trace } from "./trace.js";
import { firstRun, resumedRun } from "./workflow-demo.js";

/** What a run process prints, one JSON object per line. */
export type RunMessage =
  | { type: "line"; text: string; stats: JobContext["stats"] }
  | { type: "result"; result: Awaited<ReturnType<typeof resumedRun>>; workflowId: string }
  | { type: "error"; code: string; message: string };

function emit(message: RunMessage): void {
  // Synchronous on a pipe (Linux) and on a file: a line printed just before the SIGKILL is not lost.
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const [mode, locator, crashArg] = process.argv.slice(2) as ["run1" | "run2", string, string];
const stats = emptyStats();
const trace = new Trace(() => {});
trace.line = (text: string) => emit({ type: "line", text, stats });
const store = await openJobStore(locator);
const ctx: JobContext = {
  store,
  trace,
  stats,
  // The real thing: no handler runs, no buffer is flushed, no file is closed.
  die: () => process.kill(process.pid, "SIGKILL"),
};

if (mode === "run1") {
  try {
    await store.initialize({ demo: "fan-out and resume, in two processes" });
  } catch (err) {
    // Reported as such, so the parent leaves a store that was there before alone.
    emit({ type: "error", code: isJobStoreError(err) ? err.code : "", message: String(err) });
    process.exit(3);
  }
  trace.line(
    `initialized ${locator} on the ${store.backendName} backend (workflow ${short(store.config.workflowId)})`,
  );
  await firstRun(ctx, Number(crashArg));
} else {
  await store.resume();
  trace.line(`resumed ${locator} (workflow ${short(store.config.workflowId)}) from what run 1 left`);
  const result = await resumedRun(ctx);
  emit({ type: "result", result, workflowId: store.config.workflowId });
}
await store.close();
