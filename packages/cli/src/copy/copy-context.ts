import type { JobStore } from "@jobstore/core";

/**
 * Where a copy stands, for a progress display: the current stage, bytes and items (files, shared files,
 * jobs or logs, by stage) done out of the totals.
 *
 * @public
 */
export interface CopyProgress {
  /** `files`, `shared files`, `jobs`, `logs` or `verify`. */
  stage: string;
  /** Content bytes moved or found already copied. */
  bytesDone: number;
  /** Content bytes of every file and shared file of the source. */
  bytesTotal: number;
  /** Files copied or found already copied. */
  filesDone: number;
  /** Files in the source. */
  filesTotal: number;
}

/**
 * What every copy step gets: both stores, the interrupt signal and the progress it advances.
 *
 * @public
 */
export interface CopyContext {
  /** The store copied from (resumed). */
  readonly source: JobStore;
  /** The store copied into (resumed or initialized). */
  readonly destination: JobStore;
  /** Aborts every call in flight. */
  readonly signal: AbortSignal;
  /** Mutable progress, reported through `changed`. */
  readonly progress: CopyProgress;
  /** Called after `progress` changed (often: the display throttles). */
  changed(): void;
}

/**
 * Counts of one kind of item in a copy.
 *
 * @public
 */
export interface CopyCount {
  /** Written by this run. */
  copied: number;
  /** Already in the destination and verified equal, so skipped (a resumed copy). */
  skipped: number;
}
