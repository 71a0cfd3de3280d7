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

/**
 * Runs `fn` on every item with at most `limit` calls in flight; rejects with the first failure once
 * the calls in flight settled.
 *
 * @example
 * ```ts
 * await forEachLimit(files, 4, (file) => copyOne(file));
 * ```
 * @public
 */
export async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
