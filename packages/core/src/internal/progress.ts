import { pipeline, type Readable, Transform } from "node:stream";
import type { ProgressCallback, TransferOptions } from "../types.js";
import { CallerFailure } from "./guard.js";

/**
 * Counts one transfer's bytes for the caller's `onProgress`. Made only when the caller passed one, so a
 * transfer without it pays nothing.
 */
export class Progress {
  private counted = 0;
  private done = 0;
  private lastDone = -1;
  private lastTotal: number | undefined = -1;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly onProgress: ProgressCallback,
    private total: number | undefined,
  ) {}

  /** Counts `bytes` more and reports. */
  add(bytes: number): void {
    this.counted += bytes;
    // After a restart, the bytes counted again are not reported until they pass what was: monotonic.
    if (this.counted <= this.done) return;
    this.done = this.counted;
    this.report();
  }

  /** Starts counting again from 0 (a retried transfer), never reporting less than before. */
  restart(): void {
    this.counted = 0;
  }

  /**
   * Reports the end: `total` bytes moved (a fast path that moved them unseen), or what was counted.
   * Reports nothing when that exact figure was the last one reported.
   */
  finish(total?: number): void {
    if (total !== undefined) this.done = Math.max(this.done, total);
    this.total = this.done;
    if (this.lastDone !== this.done || this.lastTotal !== this.total) this.report();
  }

  /** `err`, or the caller's own `onProgress` error when that is what broke the transfer. */
  blame(err: unknown): unknown {
    return this.failure ? new CallerFailure(this.failure.error) : err;
  }

  /** `source` with every chunk counted; an `onProgress` that throws fails the stream. */
  count(source: Readable, finishAtEnd = false): Readable {
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, next) => {
        try {
          this.add(chunk.length);
          next(null, chunk);
        } catch (error) {
          next(error as Error);
        }
      },
      flush: (next) => {
        try {
          if (finishAtEnd) this.finish();
          next();
        } catch (error) {
          next(error as Error);
        }
      },
    });
    // Errors reach the consumer through `counter`, which the pipeline destroys with them.
    return pipeline(source, counter, () => {});
  }

  private report(): void {
    this.lastDone = this.done;
    this.lastTotal = this.total;
    try {
      this.onProgress(this.done, this.total);
    } catch (error) {
      this.failure ??= { error };
      throw error;
    }
  }
}

/** A {@link Progress} for the call, or `undefined` when the caller asked for none. */
export function progressOf(options: TransferOptions | undefined, total?: number): Progress | undefined {
  const onProgress = options?.onProgress;
  if (onProgress === undefined) return undefined;
  if (typeof onProgress !== "function") throw new TypeError("onProgress must be a function");
  return new Progress(onProgress, total);
}
