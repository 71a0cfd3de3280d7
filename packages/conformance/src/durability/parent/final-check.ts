import type { SeededObjects, WorkerMessage } from "../protocol/messages.js";
import { type CheckContext, STARTUP_MS } from "./check-context.js";
import { judgeListing, judgeObservations } from "./judge.js";
import type { DurabilityReport } from "./report.js";
import { WorkerProcess, type WorkerSettings } from "./worker-process.js";

/** What the last worker of a check found: leftovers, and what every object held after their removal. */
export type FinalMessage = Extract<WorkerMessage, { type: "final" }>;

/**
 * Ends a crash or faults run in one fresh process: it reads every object (judged against the journal,
 * which nobody writes any more), then leftovers are found and removed, objects read again, the store
 * destroyed; see {@link judgeFinal}. With `beforeLeftovers`, the worker waits after its readings (its
 * store resumed) until that has run. Returns the final worker's findings.
 */
export async function finishRun(
  report: DurabilityReport,
  run: CheckContext,
  settings: WorkerSettings,
  objects: SeededObjects,
  journalPath: string,
  when: string,
  beforeLeftovers?: () => Promise<void>,
): Promise<FinalMessage> {
  const worker = new WorkerProcess(settings, {
    mode: "final",
    objects,
    observeFirst: true,
    holdAfterObserve: beforeLeftovers !== undefined,
  });
  try {
    const observed = await worker.next("observed", STARTUP_MS);
    judgeObservations(report, when, observed.observations, journalPath);
    judgeListing(report, when, observed.jobsListed, objects.jobs.length);
    if (beforeLeftovers) {
      await beforeLeftovers();
      worker.command({ cmd: "go" });
    }
    const final = await worker.next("final", STARTUP_MS);
    await worker.done();
    await judgeFinal(report, run, final, journalPath);
    return final;
  } finally {
    await worker.kill();
  }
}

/** Adds the checks every run ends with: leftovers, then destroy, then the storage's residue. */
export async function judgeFinal(
  report: DurabilityReport,
  run: CheckContext,
  final: Omit<FinalMessage, "type">,
  journalPath: string,
): Promise<void> {
  report.stats.leftoversFound = final.leftoversFound;
  for (const [kind, n] of Object.entries(final.leftoverKinds)) report.stats[`leftover:${kind}`] = n;
  report.notes.push(...final.notes);
  report.violations.push(...final.violations);
  if (final.leftoversAfterRemoval > 0) {
    report.violations.push(
      `findLeftovers still reports ${final.leftoversAfterRemoval} after removeLeftovers`,
    );
  }
  judgeObservations(report, "after removeLeftovers", final.observations, journalPath);
  if (run.residue) {
    const residue = await run.residue(run.locator);
    report.stats.residueAfterDestroy = residue.length;
    if (residue.length > 0) {
      report.violations.push(
        `after destroy() the storage still holds ${residue.length}: ${residue.slice(0, 10).join(", ")}`,
      );
    }
  }
}
