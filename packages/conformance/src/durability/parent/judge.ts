import { allowedVersions, isAllowed, type JournalEntry, readJournal } from "../protocol/journal.js";
import type { Observation } from "../protocol/messages.js";
import type { DurabilityReport } from "./report.js";

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
