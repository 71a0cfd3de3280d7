import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from "node:fs";

/** One journal line: a write about to start, acknowledged, or failed (its outcome then unknown). */
export interface JournalEntry {
  /** `begin` before the call, `ack` after it resolved, `fail` after it rejected. */
  t: "begin" | "ack" | "fail";
  /** The object written (a job or file key of the check). */
  key: string;
  /** The write's tag, as its content describes it. */
  tag: string;
  /** The error code of a failed call. */
  code?: string;
}

/**
 * An append-only journal whose every line is on disk (fsynced) before the call it announces starts or
 * the next one begins, so a SIGKILL loses at most the line being written. Synchronous on purpose: the
 * order of lines is the order of events in the process.
 */
export class Journal {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, "a+");
    // A writer killed inside `write` may have left a torn line: end it, so this writer's lines stay whole.
    const size = fstatSync(this.fd).size;
    const last = Buffer.alloc(1);
    if (size > 0 && readSync(this.fd, last, 0, 1, size - 1) === 1 && last[0] !== 10) writeSync(this.fd, "\n");
  }

  /** Appends `entry` and fsyncs. */
  write(entry: JournalEntry): void {
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    fsyncSync(this.fd);
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Reads a journal; a torn line (its writer died inside `write`; the next writer ended it) is skipped: the
 * write it announced never started, since a write starts only once its line is on disk.
 */
export function readJournal(path: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return [];
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // A torn line.
    }
  }
  return entries;
}

/** What an object may hold now: its acknowledged version, or any write begun after it (in flight at a kill). */
export interface Allowed {
  acked: string | undefined;
  pending: string[];
}

/** Folds a journal into what each object may hold now. */
export function allowedVersions(entries: readonly JournalEntry[]): Map<string, Allowed> {
  const allowed = new Map<string, Allowed>();
  for (const e of entries) {
    const a = allowed.get(e.key) ?? { acked: undefined, pending: [] };
    allowed.set(e.key, a);
    if (e.t === "begin") a.pending.push(e.tag);
    else if (e.t === "ack") {
      // Writes to one object come from one process at a time: an acknowledged one supersedes all before it.
      a.acked = e.tag;
      a.pending = [];
    }
    // "fail": the outcome is unknown, so the tag stays pending.
  }
  return allowed;
}

/** Whether `tag` is a version `allowed` permits. */
export function isAllowed(allowed: Allowed | undefined, tag: string): boolean {
  return allowed !== undefined && (allowed.acked === tag || allowed.pending.includes(tag));
}
