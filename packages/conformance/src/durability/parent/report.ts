/**
 * What one durability check found: the contract violations (empty when the backend passed) and the
 * figures of the run (kills, racing updates, faults injected, ...).
 *
 * @public
 */
export interface DurabilityReport {
  /** The check, e.g. `"crash"`. */
  check: DurabilityCheckName;
  /** One line per violation, naming the object, the write and what was wrong. */
  violations: string[];
  /** Figures of the run, for the log and for long local runs. */
  stats: Record<string, number | string>;
  /** Things worth knowing that are not violations (e.g. an optional method the backend lacks). */
  notes: string[];
}

/**
 * The checks of the durability suite.
 *
 * @public
 */
export type DurabilityCheckName = "crash" | "file-race" | "job-race" | "faults";

/** A fresh report. */
export function newReport(check: DurabilityCheckName): DurabilityReport {
  return { check, violations: [], stats: {}, notes: [] };
}

/** One line for the log: the check, its figures and how many violations. */
export function formatReport(name: string, report: DurabilityReport): string {
  const stats = Object.entries(report.stats)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const notes = report.notes.length > 0 ? `\n  notes: ${report.notes.join("; ")}` : "";
  const violations = report.violations.length > 0 ? `\n  ${report.violations.slice(0, 30).join("\n  ")}` : "";
  return `durability ${name} ${report.check}: ${report.violations.length} violations; ${stats}${notes}${violations}`;
}
