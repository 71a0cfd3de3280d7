import { Command, Option } from "commander";
import { CliError } from "./cli-error.js";
import type { CliIo, CliOutput } from "./cli-io.js";
import { EXIT_CODES } from "./exit-codes.js";

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
  /** The store's locator from `-s/--store`, `$JOBSTORE_STORE` or the default (see {@link chosenStore}). */
  store?: string;
  /** Machine-readable output. */
  json?: boolean;
  /** A file holding the store's encryption key. */
  keyFile?: string;
}

/**
 * Makes a subcommand that takes the store as its first argument (`[store]`) or as `-s/--store`, with
 * `--key-file`, `--json` and an examples section in its help. Its action finds the store with
 * {@link chosenStore}.
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
  const store = new Option("-s, --store <locator>", "the job store, as the [store] argument gives it");
  const fromEnv = ctx.env.JOBSTORE_STORE;
  if (fromEnv) store.default(fromEnv, "$JOBSTORE_STORE");
  else if (!storeRequired) store.default(DEFAULT_STORE);
  const keyFile = new Option("--key-file <path>", "the store's encryption key: 32 bytes or 64 hex digits");
  if (ctx.env.JOBSTORE_KEY_FILE) keyFile.default(ctx.env.JOBSTORE_KEY_FILE, "$JOBSTORE_KEY_FILE");
  const command = new Command(name)
    .description(description)
    .argument("[store]", "the job store's locator, <scheme>:<rest> (jobstore --help lists the schemes)")
    .addOption(store)
    .addOption(keyFile);
  if (json) command.option("--json", "print JSON for scripts");
  return command.addHelpText("after", `\nExamples:\n${examples.map((e) => `  $ ${e}`).join("\n")}\n`);
}

/**
 * The store a command runs on: its first argument, or `-s/--store` (else `$JOBSTORE_STORE`, else the
 * default, where the command has one). Both may be given when they agree.
 *
 * @throws a {@link CliError} with exit code 2 when the argument and `-s` name different stores, or when
 * the command needs its store said and none is.
 * @example
 * ```ts
 * .action(async (positional: string | undefined, options: StoreOptions, command: Command) => {
 *   const store = chosenStore(command, positional, options);
 * });
 * ```
 * @public
 */
export function chosenStore(command: Command, positional: string | undefined, options: StoreOptions): string {
  const given = command.getOptionValueSource("store") === "cli";
  if (positional !== undefined && given && positional !== options.store) {
    throw new CliError(
      EXIT_CODES.USAGE,
      `two stores given: ${positional} (argument) and ${options.store} (--store); give one`,
    );
  }
  const store = positional ?? options.store;
  if (store === undefined) {
    const name = command.name();
    throw new CliError(
      EXIT_CODES.USAGE,
      `${name} needs the store said: jobstore ${name} <store> (or -s <store>, or $JOBSTORE_STORE)`,
    );
  }
  return store;
}
