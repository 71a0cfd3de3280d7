/**
 * Counters the demo keeps while it runs, printed as the summary.
 */
export interface DemoStats {
  /** Job executions, the re-run of the crashed child included. */
  jobsRun: number;
  /** Files written into the store (inputs, outputs, the orphan of the crash). */
  filesWritten: number;
  /** Log messages read back with `readLogs`. */
  logsRead: number;
  /** Bytes written into files and shared files. */
  bytesWritten: number;
  /** Bytes read back from files. */
  bytesRead: number;
}

/** A fresh set of zeroed counters. */
export function emptyStats(): DemoStats {
  return { jobsRun: 0, filesWritten: 0, logsRead: 0, bytesWritten: 0, bytesRead: 0 };
}

/** The first 8 characters of an ID: enough to tell jobs and files apart in a trace. */
export function short(id: string): string {
  return id.slice(0, 8);
}

/** How a job appears in the trace: `name#shortid`. */
export function jobLabel(job: { jobName?: string; jobStoreId: string }): string {
  return `${job.jobName ?? "job"}#${short(job.jobStoreId)}`;
}

/** Bytes in a human unit. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * A trace printer: one numbered line per step, tagged with the run it belongs to.
 */
export class Trace {
  private step = 0;
  run = "setup";

  constructor(private readonly log: (line: string) => void) {}

  /** Prints one step. */
  line(text: string): void {
    this.step++;
    this.log(`${String(this.step).padStart(3, " ")}  [${this.run}] ${text}`);
  }

  /** Prints a line outside the numbered steps (headers, the summary). */
  plain(text: string): void {
    this.log(text);
  }
}
