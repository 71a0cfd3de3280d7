import { PassThrough } from "node:stream";
import { isJobStoreError } from "@jobstore/core";
import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import { type CommandContext, chosenStore, type StoreOptions, storeCommand } from "../command-context.js";
import { EXIT_CODES } from "../exit-codes.js";
import { writeJson } from "../format.js";
import { openByLocator } from "../open-store.js";

interface DestroyOptions extends StoreOptions {
  yes?: boolean;
  force?: boolean;
}

async function confirmed(ctx: CommandContext, locator: string, what: string): Promise<boolean> {
  if (!(ctx.stdin?.isTTY && ctx.stderr.isTTY)) {
    throw new CliError(EXIT_CODES.USAGE, `refusing to destroy ${locator} without --yes (no terminal to ask)`);
  }
  // The prompt ends its output stream when done: give it a tee, not stderr itself.
  const output = Object.assign(new PassThrough(), { isTTY: true, columns: ctx.stderr.columns ?? 80 });
  output.pipe(ctx.stderr, { end: false });
  try {
    // Loaded only when a prompt is shown: it is the heaviest module of the command's start-up.
    const { default: confirm } = await import("@inquirer/confirm");
    return await confirm(
      { message: `Destroy ${locator} (${what})? Everything in it is deleted.`, default: false },
      { input: ctx.stdin, output, signal: ctx.signal },
    );
  } catch (err) {
    // Ctrl-C at the prompt (inquirer's ExitPromptError) or SIGINT while it waits (AbortPromptError).
    const name = (err as { name?: unknown }).name;
    if (name === "ExitPromptError" || name === "AbortPromptError") {
      throw new CliError(EXIT_CODES.INTERRUPTED, `not destroyed: ${locator}`, { cause: err });
    }
    throw err;
  }
}

/**
 * The `destroy` command: removes a store after asking on a terminal; on a pipe it needs `--yes`.
 *
 * @example
 * ```ts
 * program.addCommand(destroyCommand(ctx));
 * ```
 * @public
 */
export function destroyCommand(ctx: CommandContext): Command {
  return storeCommand(
    ctx,
    "destroy",
    "delete a store and everything in it",
    ["jobstore destroy file:./jobstore", "jobstore destroy -s file:./run --yes"],
    true,
  )
    .option("-y, --yes", "do not ask (required when there is no terminal)")
    .option("--force", "destroy even what does not open as a store (the leftovers of a half-created one)")
    .action(async (positional: string | undefined, options: DestroyOptions, command: Command) => {
      const locator = chosenStore(command, positional, options);
      const store = await openByLocator(locator, undefined, ctx.env);
      try {
        let what = "a half-created store";
        try {
          await store.resume({ signal: ctx.signal });
          what = `workflow ${store.config.workflowId}`;
        } catch (err) {
          if (!isJobStoreError(err, "JOBSTORE_NO_SUCH_STORE")) throw err;
          if (!options.force) {
            throw new CliError(EXIT_CODES.NO_SUCH_STORE, `no job store at ${locator}`, { cause: err });
          }
        }
        if (!options.yes && !(await confirmed(ctx, locator, what))) {
          throw new CliError(EXIT_CODES.FAILURE, `not destroyed: ${locator}`);
        }
        await store.destroy({ signal: ctx.signal });
      } finally {
        await store.close().catch(() => {});
      }
      if (options.json) writeJson(ctx.stdout, { destroyed: locator });
      else ctx.stderr.write(`destroyed ${locator}\n`);
    });
}
