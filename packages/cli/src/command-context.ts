import { Command, Option } from "commander";
import type { CliIo, CliOutput } from "./cli-io.js";

/** The store a command opens when `--store` is not given (and `JOBSTORE_STORE` is not set). */
export const DEFAULT_STORE = "file:./jobstore";

/**
 * What every command's action gets: the streams, the interrupt signal and the default locator.
 *
 * @public
 */
export interface CommandContext {
  /** Results. */
  readonly stdout: CliOutput;
  /** Errors and progress. */
  readonly stderr: CliOutput;
  /** Prompt answers, when there is a terminal. */
  readonly stdin: CliIo["stdin"];
  /** The environment given to {@link main}. */
  readonly env: Record<string, string | undefined>;
  /** Aborted on SIGINT. */
  readonly signal: AbortSignal;
  /** The exit code the command chose (0 unless an action sets it). */
  exitCode: number;
}

/**
 * Options every store command shares.
 *
 * @public
 */
export interface StoreOptions {
  /** The store's locator. */
  store: string;
  /** Machine-readable output. */
  json?: boolean;
  /** A file holding the store's encryption key. */
  keyFile?: string;
}

/**
 * Makes a subcommand with the shared `--store` and `--json` options and an examples section in its help.
 *
 * @example
 * ```ts
 * program.addCommand(storeCommand(ctx, "status", "summarise a store", ["jobstore status"]));
 * ```
 * @public
 */
export function storeCommand(
  ctx: CommandContext,
  name: string,
  description: string,
  examples: readonly string[],
  storeRequired = false,
  json = true,
): Command {
  const store = new Option(
    "-s, --store <locator>",
    "the job store: file:<dir>, memory:<name>, aws:<region>:<prefix>, s3:<region>:<name>",
  );
  const fromEnv = ctx.env.JOBSTORE_STORE;
  if (fromEnv) store.default(fromEnv, "$JOBSTORE_STORE");
  else if (!storeRequired) store.default(DEFAULT_STORE);
  if (storeRequired && !fromEnv) store.makeOptionMandatory();
  const keyFile = new Option("--key-file <path>", "the store's encryption key: 32 bytes or 64 hex digits");
  if (ctx.env.JOBSTORE_KEY_FILE) keyFile.default(ctx.env.JOBSTORE_KEY_FILE, "$JOBSTORE_KEY_FILE");
  const command = new Command(name).description(description).addOption(store).addOption(keyFile);
  if (json) command.option("--json", "print JSON for scripts");
  return command.addHelpText("after", `\nExamples:\n${examples.map((e) => `  $ ${e}`).join("\n")}\n`);
}
