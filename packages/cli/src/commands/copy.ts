import { type JobStore, parseLocator } from "@jobstore/core";
import { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CommandContext } from "../command-context.js";
import { progressDisplay } from "../copy/copy-progress.js";
import { type CopyReport, copyStore } from "../copy/copy-store.js";
import { EXIT_CODES } from "../exit-codes.js";
import { formatBytes, writeJson } from "../format.js";
import { openByLocator, openExisting } from "../open-store.js";

interface CopyOptions {
  json?: boolean;
  fromKeyFile?: string;
  toKeyFile?: string;
}

function summary(r: CopyReport, from: string, to: string, seconds: number): string {
  const count = (c: { copied: number; skipped: number }) =>
    `${c.copied}${c.skipped ? ` (+${c.skipped} already there)` : ""}`;
  return [
    `copied ${from} to ${to}${r.resumed ? " (resumed)" : ""} in ${seconds.toFixed(1)} s, verified`,
    `  workflow ${r.workflowId}`,
    `  files ${count(r.files)}, ${formatBytes(r.files.bytes)}; shared files ${count(r.sharedFiles)}`,
    `  jobs ${count(r.jobs)}; logs ${count(r.logs)}`,
  ].join("\n");
}

/**
 * The `copy` command: a whole store between two backends, resumable, verified, with a progress bar on
 * a terminal.
 *
 * @example
 * ```ts
 * program.addCommand(copyCommand(ctx));
 * ```
 * @public
 */
export function copyCommand(ctx: CommandContext): Command {
  return new Command("copy")
    .description("copy a whole store (jobs, files, shared files, logs, config) to another backend; resumable")
    .argument("<from>", "the source store's locator, <scheme>:<rest> (jobstore --help lists the schemes)")
    .argument("<to>", "the destination's locator: a new store, an empty one, or an unfinished copy of <from>")
    .option("--json", "print the report as JSON")
    .option("--from-key-file <path>", "the source's encryption key (32 bytes or 64 hex digits)")
    .option("--to-key-file <path>", "the destination's encryption key (content is re-encrypted under it)")
    .addHelpText(
      "after",
      [
        "",
        "The copy keeps job IDs, file IDs and the workflow ID, verifies every file by SHA-256, and can be",
        "interrupted (Ctrl-C): run the same command again and it continues where it stopped.",
        "",
        "Examples:",
        "  $ jobstore copy file:./jobstore file:/mnt/shared/my-run",
        "  $ jobstore copy file:./my-run file:./backup --json",
        "",
      ].join("\n"),
    )
    .action(async (from: string, to: string, options: CopyOptions) => {
      parseLocator(from);
      parseLocator(to);
      if (from === to) throw new CliError(EXIT_CODES.USAGE, `cannot copy ${from} onto itself`);
      const started = Date.now();
      const source = await openExisting(from, ctx.signal, options.fromKeyFile, ctx.env);
      const bar = await progressDisplay(ctx.stderr);
      let destination: JobStore | undefined;
      try {
        destination = await openByLocator(to, options.toKeyFile, ctx.env);
        const report = await copyStore(source, destination, {
          sourceLocator: from,
          destinationLocator: to,
          signal: ctx.signal,
          onProgress: (p) => bar.update(p),
        });
        bar.stop();
        if (options.json) writeJson(ctx.stdout, { from, to, ...report });
        else ctx.stdout.write(`${summary(report, from, to, (Date.now() - started) / 1000)}\n`);
      } catch (err) {
        bar.stop();
        if (ctx.signal.aborted) {
          throw new CliError(
            EXIT_CODES.INTERRUPTED,
            `copy interrupted; run the same command again to resume`,
            { cause: err },
          );
        }
        throw err;
      } finally {
        await destination?.close().catch(() => {});
        await source.close().catch(() => {});
      }
    });
}
