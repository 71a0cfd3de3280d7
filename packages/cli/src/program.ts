import { Command } from "commander";
import type { CommandContext } from "./command-context.js";
import { catCommand } from "./commands/cat.js";
import { copyCommand } from "./commands/copy.js";
import { destroyCommand } from "./commands/destroy.js";
import { gcCommand } from "./commands/gc.js";
import { jobsCommand } from "./commands/jobs.js";
import { logsCommand } from "./commands/logs.js";
import { statusCommand } from "./commands/status.js";
import { EXIT_CODES } from "./exit-codes.js";

const EPILOG = `
Locators: file:<dir> (default file:./jobstore, or $JOBSTORE_STORE), memory:<name>,
aws:<region>:<prefix>, s3:<region>:<name>. AWS settings come from the usual environment
(AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SIMPLEDB, ...).

Exit codes: ${EXIT_CODES.OK} ok, ${EXIT_CODES.FAILURE} failure, ${EXIT_CODES.USAGE} usage, ${EXIT_CODES.NO_SUCH_STORE} no such store, ${EXIT_CODES.NOT_FOUND} no such file/job,
${EXIT_CODES.CONFLICT} copy destination not empty, ${EXIT_CODES.INTERRUPTED} interrupted.

Examples:
  $ jobstore status
  $ jobstore jobs -s aws:us-west-2:my-run --json
  $ jobstore copy file:./jobstore s3:us-west-2:my-run-backup
`;

/**
 * Builds the `jobstore` command tree on a context (streams, signal); parsing it runs the command.
 *
 * @example
 * ```ts
 * await buildProgram(ctx).parseAsync(["status"], { from: "user" });
 * ```
 * @public
 */
export function buildProgram(ctx: CommandContext, version: string): Command {
  const program = new Command("jobstore")
    .description("Inspect, copy and clean up job stores (file:, memory:, aws:, s3:).")
    .version(version)
    .addHelpText("after", EPILOG);
  for (const make of [
    statusCommand,
    jobsCommand,
    catCommand,
    logsCommand,
    gcCommand,
    destroyCommand,
    copyCommand,
  ]) {
    program.addCommand(make(ctx));
  }
  // Commander's own errors (unknown option, missing argument) as one line, like every other failure.
  const configure = (cmd: Command, path: string) => {
    cmd.exitOverride().configureOutput({
      writeOut: (text) => void ctx.stdout.write(text),
      writeErr: (text) => void ctx.stderr.write(text),
      outputError: (text, write) =>
        write(`jobstore: ${text.replace(/^error: /, "").trimEnd()} (see ${path} --help)\n`),
    });
    for (const sub of cmd.commands) configure(sub, `${path} ${sub.name()}`);
  };
  configure(program, "jobstore");
  return program;
}
