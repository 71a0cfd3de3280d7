import type { ExitCode } from "./exit-codes.js";

const BRAND = Symbol.for("@jobstore/cli.CliError");

/**
 * A failure the command reports as one line on stderr with a chosen exit code (a refused prompt, a
 * non-empty copy destination, binary output to a terminal).
 *
 * @example
 * ```ts
 * throw new CliError(EXIT_CODES.USAGE, "refusing to destroy file:./run without --yes on a pipe");
 * ```
 * @public
 */
export class CliError extends Error {
  /** The process exit code, one of {@link EXIT_CODES}. */
  readonly exitCode: ExitCode;

  constructor(exitCode: ExitCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CliError";
    this.exitCode = exitCode;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Whether `err` is a {@link CliError} (also across duplicate installs).
 *
 * @example
 * ```ts
 * if (isCliError(err)) process.exitCode = err.exitCode;
 * ```
 * @public
 */
export function isCliError(err: unknown): err is CliError {
  return typeof err === "object" && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}
