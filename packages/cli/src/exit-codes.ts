import { isJobStoreError } from "@jobstore/core";
import { isCliError } from "./cli-error.js";

/**
 * The exit codes of the `jobstore` command, stable across releases so that scripts can branch on them.
 *
 * | code | name          | when                                                                            |
 * | ---- | ------------- | ------------------------------------------------------------------------------- |
 * | 0    | `OK`          | the command did what was asked                                                  |
 * | 1    | `FAILURE`     | the storage failed, a checksum did not match, the user declined a prompt        |
 * | 2    | `USAGE`       | bad arguments: unknown command or option, malformed locator, missing `--yes`    |
 * | 3    | `NO_SUCH_STORE` | the locator names no store                                                    |
 * | 4    | `NOT_FOUND`   | no file, shared file or job with that ID or name                                |
 * | 5    | `CONFLICT`    | `copy` onto a non-empty destination that is not an unfinished copy of the source |
 * | 130  | `INTERRUPTED` | stopped by SIGINT (a `copy` resumes when run again)                             |
 *
 * @example
 * ```ts
 * if ((await main(["status", "-s", "file:./run"])) === EXIT_CODES.NO_SUCH_STORE) console.log("not created yet");
 * ```
 * @public
 */
export const EXIT_CODES = Object.freeze({
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  NO_SUCH_STORE: 3,
  NOT_FOUND: 4,
  CONFLICT: 5,
  INTERRUPTED: 130,
} as const);

/**
 * One of the values of {@link EXIT_CODES}.
 *
 * @public
 */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/**
 * The exit code a failure maps to: a {@link CliError}'s own code, a `JobStoreError` by its code, anything
 * else {@link EXIT_CODES}.FAILURE.
 *
 * @example
 * ```ts
 * exitCodeFor(new JobStoreError("JOBSTORE_NO_SUCH_STORE", "none")); // 3
 * ```
 * @public
 */
export function exitCodeFor(err: unknown): ExitCode {
  if (isCliError(err)) return err.exitCode;
  if (!isJobStoreError(err)) return EXIT_CODES.FAILURE;
  switch (err.code) {
    case "JOBSTORE_INVALID_LOCATOR":
    case "JOBSTORE_INVALID_NAME":
      return EXIT_CODES.USAGE;
    case "JOBSTORE_NO_SUCH_STORE":
      return EXIT_CODES.NO_SUCH_STORE;
    case "JOBSTORE_NO_SUCH_FILE":
    case "JOBSTORE_NO_SUCH_JOB":
      return EXIT_CODES.NOT_FOUND;
    case "JOBSTORE_EXISTS":
      return EXIT_CODES.CONFLICT;
    case "JOBSTORE_ABORTED":
      return EXIT_CODES.INTERRUPTED;
    default:
      return EXIT_CODES.FAILURE;
  }
}
