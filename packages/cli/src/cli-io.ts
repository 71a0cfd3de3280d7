import type { Readable, Writable } from "node:stream";

/**
 * An output stream of the command: a Node `Writable`, a terminal when `isTTY` is true.
 *
 * @public
 */
export type CliOutput = Writable & {
  /** True on a terminal: tables and progress bars are drawn only then. */
  isTTY?: boolean;
  /** The terminal's width in columns, when known. */
  columns?: number;
};

/**
 * What the command reads and writes; {@link main} takes it so tests run the CLI in-process with captured
 * streams, and the `jobstore` binary passes the process's own.
 *
 * @example
 * ```ts
 * const code = await main(["status", "-s", "memory:dev"], { stdout, stderr, env: {} });
 * ```
 * @public
 */
export interface CliIo {
  /** Results: tables, JSON, file bytes, log messages. */
  stdout: CliOutput;
  /** Errors, prompts' companions and the progress bar. */
  stderr: CliOutput;
  /** Answers to prompts (a terminal when `isTTY` is true). Default: none, so prompts are refused. */
  stdin?: Readable & { isTTY?: boolean };
  /** The environment (AWS settings, `JOBSTORE_STORE`). Default: `{}`. */
  env?: Record<string, string | undefined>;
  /** Aborted on SIGINT: long commands stop cleanly (`logs --follow` exits 0, `copy` leaves a resumable destination). */
  signal?: AbortSignal;
}
