import type { JobStoreCapabilities } from "@jobstore/core";
import { allowedVersions, isAllowed, type JournalEntry, readJournal } from "./journal.js";
import type { Observation, SeededObjects } from "./protocol.js";
import type { DurabilityReport } from "./report.js";
import { WorkerProcess, type WorkerSettings } from "./spawn-worker.js";

/** Everything a check needs: how workers reach the fresh store, where to keep files, and the counts. */
export interface CheckRun {
  settings: WorkerSettings;
  locator: string;
  tempDir: string;
  /** Multiplies every count. */
  scale: number;
  /** Processes racing on one object (2 to 4). */
  racers: number;
  /** What remains of the store on the storage (see `DurabilityOptions.residue`). */
  residue: ((locator: string) => Promise<string[]>) | undefined;
}

/** How long a worker may take to start, open the store and answer (tsx compiles on start). */
export const STARTUP_MS = 120_000;

/** `base` scaled, at least `min`. */
export function scaled(run: CheckRun, base: number, min = 1): number {
  return Math.max(min, Math.round(base * run.scale));
}

/** Records every observation that is not a version the journal allows. */
export function judgeObservations(
  report: DurabilityReport,
  when: string,
  observations: readonly Observation[],
  journal: string | readonly JournalEntry[],
): void {
  // The journal as it was when the objects were read: a caller passes the entries it read before the
  // reading worker could write (a path is read now, for readers that write nothing).
  const allowed = allowedVersions(typeof journal === "string" ? readJournal(journal) : journal);
  for (const o of observations) {
    if (o.problem !== undefined) {
      report.violations.push(`${when}: ${o.kind} ${o.key}: ${o.problem}`);
      continue;
    }
    const a = allowed.get(o.key);
    if (!isAllowed(a, o.tag as string)) {
      const may = [a?.acked, ...(a?.pending ?? [])].filter(Boolean).join(" or ");
      report.violations.push(
        `${when}: ${o.kind} ${o.key} holds ${o.tag}, but only ${may || "nothing"} may be there`,
      );
    }
  }
}

/**
 * Judges a loop worker's first readings against the journal as it was when they were done: its first
 * `journalEntries` entries. The worker writes only after the parent's `go`, so `journal` (read before
 * that) must hold no more entries; more means the worker wrote before being judged, a protocol bug that
 * would make the verdict depend on timing.
 */
export function judgeReadings(
  report: DurabilityReport,
  when: string,
  observed: { observations: readonly Observation[]; journalEntries?: number },
  journal: readonly JournalEntry[],
): void {
  const at = observed.journalEntries;
  if (at === undefined || at !== journal.length) {
    report.violations.push(
      `${when}: readings taken at journal entry ${String(at)}, but the journal has ${journal.length} before go`,
    );
  }
  judgeObservations(report, when, observed.observations, journal.slice(0, at ?? journal.length));
}

/** Records a `jobs()` listing that did not list every job of the check. */
export function judgeListing(
  report: DurabilityReport,
  when: string,
  jobsListed: number | string,
  jobs: number,
): void {
  if (jobsListed === jobs) return;
  const listed = typeof jobsListed === "number" ? `listed ${jobsListed}` : jobsListed;
  report.violations.push(`${when}: jobs(): ${listed} of ${jobs} jobs`);
}

/**
 * Ends a crash or faults run in one fresh process: it reads every object (judged against the journal,
 * which nobody writes any more), then leftovers are found and removed, objects read again, the store
 * destroyed; see {@link judgeFinal}.
 */
export async function finishRun(
  report: DurabilityReport,
  run: CheckRun,
  settings: WorkerSettings,
  objects: SeededObjects,
  journalPath: string,
  when: string,
): Promise<void> {
  const worker = new WorkerProcess(settings, { mode: "final", objects, observeFirst: true });
  try {
    const observed = await worker.next("observed", STARTUP_MS);
    judgeObservations(report, when, observed.observations, journalPath);
    judgeListing(report, when, observed.jobsListed, objects.jobs.length);
    const final = await worker.next("final", STARTUP_MS);
    await worker.done();
    await judgeFinal(report, run, final, journalPath);
  } finally {
    await worker.kill();
  }
}

/** Adds the checks every run ends with: leftovers, then destroy, then the storage's residue. */
export async function judgeFinal(
  report: DurabilityReport,
  run: CheckRun,
  final: {
    leftoversFound: number;
    leftoverKinds: Record<string, number>;
    leftoversAfterRemoval: number;
    observations: Observation[];
    notes: string[];
    violations: string[];
  },
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

/** The objects of a seeded store, for the stats line. */
export function describeSeed(objects: SeededObjects): string {
  return `${objects.jobs.length} jobs, ${objects.files.length} files`;
}

/** Where a size falls for a backend: `spilled` beyond the overlarge threshold, else `chunks:<n>`. */
export function jobLayout(
  size: number,
  caps: Pick<JobStoreCapabilities, "jobChunkSize" | "overlargeJobThreshold">,
) {
  if (caps.overlargeJobThreshold > 0 && size > caps.overlargeJobThreshold) return "spilled";
  if (caps.jobChunkSize > 0) return `chunks:${Math.ceil(size / caps.jobChunkSize)}`;
  return "whole";
}
