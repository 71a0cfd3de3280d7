import type { InstalledScheme } from "@jobstore/core";
import { Command } from "commander";
import { type CommandContext, DEFAULT_STORE } from "./command-context.js";
import { catCommand } from "./commands/cat.js";
import { copyCommand } from "./commands/copy.js";
import { destroyCommand } from "./commands/destroy.js";
import { gcCommand } from "./commands/gc.js";
import { jobsCommand } from "./commands/jobs.js";
import { logsCommand } from "./commands/logs.js";
import { statusCommand } from "./commands/status.js";
import { EXIT_CODES } from "./exit-codes.js";

/** The help's list of schemes: what is installed, each with the package it comes from. */
function schemesText(schemes: readonly InstalledScheme[]): string {
  if (schemes.length === 0) return "  none installed";
  const width = Math.max(...schemes.map((s) => s.scheme.length)) + 1;
  return schemes
    .map((s) => `  ${`${s.scheme}:`.padEnd(width)}  ${s.packageName ?? "(registered)"}`)
    .join("\n");
}

function epilog(schemes: readonly InstalledScheme[]): string {
  return `
Every command but copy takes the store as its first argument or as -s <locator>; the default is
${DEFAULT_STORE} (or $JOBSTORE_STORE). A locator is <scheme>:<rest>; the installed schemes are
${schemesText(schemes)}
Each backend package's README gives the form of <rest> and the settings it reads. Installing another
backend package (one declaring "jobstore": { "schemes": [...] } in its package.json) adds its schemes;
packages outside the @jobstore scope are named in $JOBSTORE_BACKENDS (comma-separated).

Exit codes: ${EXIT_CODES.OK} ok, ${EXIT_CODES.FAILURE} failure, ${EXIT_CODES.USAGE} usage, ${EXIT_CODES.NO_SUCH_STORE} no such store, ${EXIT_CODES.NOT_FOUND} no such file/job,
${EXIT_CODES.CONFLICT} copy destination not empty, ${EXIT_CODES.INTERRUPTED} interrupted.

Examples:
  $ jobstore status
  $ jobstore jobs file:./my-run --json
  $ jobstore copy file:./jobstore file:/mnt/shared/my-run-backup
`;
}

/**
 * Builds the `jobstore` command tree on a context (streams, signal); parsing it runs the command. Its
 * help lists `schemes`, the installed ones (`listInstalledSchemes` over the CLI's backend search).
 *
 * @example
 * ```ts
 * await buildProgram(ctx).parseAsync(["status"], { from: "user" });
 * ```
 * @public
 */
export function buildProgram(
  ctx: CommandContext,
  version: string,
  schemes: readonly InstalledScheme[] = [],
): Command {
  const program = new Command("jobstore")
    .description("Inspect, copy and clean up job stores of every installed backend.")
    .version(version)
    .addHelpText("after", epilog(schemes));
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
