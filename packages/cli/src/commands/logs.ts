import type { JobStore } from "@jobstore/core";
import { type Command, InvalidArgumentError } from "commander";
import type { CliOutput } from "../cli-io.js";
import { type CommandContext, chosenStore, type StoreOptions, storeCommand } from "../command-context.js";
import { withStore } from "../open-store.js";

interface LogsOptions extends StoreOptions {
  all?: boolean;
  follow?: boolean;
  markRead?: boolean;
  interval: number;
}

/** Bounds of `--interval`: fast enough to feel live, slow enough never to hammer remote storage. */
const MIN_INTERVAL_MS = 100;
const MAX_INTERVAL_MS = 60_000;

function parseInterval(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
    throw new InvalidArgumentError(
      `expected whole milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}`,
    );
  }
  return ms;
}

function printMessage(out: CliOutput, message: Buffer, read: boolean, json: boolean | undefined): void {
  if (json) {
    out.write(`${JSON.stringify({ message: message.toString("utf8"), read })}\n`);
    return;
  }
  const text = message.toString("utf8");
  out.write(text.endsWith("\n") ? text : `${text}\n`);
}

/**
 * Prints the messages not printed before. Without `markRead` it lists (marking nothing, so an engine
 * still gets its messages) and remembers what it printed by content and multiplicity, since listings
 * carry no IDs; with `markRead` it consumes them as `readLogs` does.
 */
async function printNew(
  store: JobStore,
  ctx: CommandContext,
  options: LogsOptions,
  seen: Map<string, number>,
  readAll: boolean,
): Promise<void> {
  const signal = ctx.signal;
  if (options.markRead) {
    await store.readLogs((message) => printMessage(ctx.stdout, message, false, options.json), {
      readAll,
      signal,
    });
    return;
  }
  const counts = new Map<string, number>();
  for await (const entry of store.listLogs({ signal })) {
    const key = entry.message.toString("base64");
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= (seen.get(key) ?? 0)) continue;
    seen.set(key, n);
    if (readAll || !entry.read) printMessage(ctx.stdout, entry.message, entry.read, options.json);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * The `logs` command: unread messages (all with `--all`), and with `--follow` new ones until SIGINT.
 *
 * @example
 * ```ts
 * program.addCommand(logsCommand(ctx));
 * ```
 * @public
 */
export function logsCommand(ctx: CommandContext): Command {
  return storeCommand(
    ctx,
    "logs",
    "print log messages (unread ones unless --all); --follow waits for new ones",
    [
      "jobstore logs --all",
      "jobstore logs file:./run --follow --interval 500",
      "jobstore logs --mark-read --json",
    ],
  )
    .option("-a, --all", "also print messages that were read before")
    .option("-f, --follow", "keep printing new messages until interrupted (Ctrl-C exits 0)")
    .option("--mark-read", "mark printed messages read, as the workflow leader does (default: mark nothing)")
    .option("--interval <ms>", "poll interval of --follow", parseInterval, 1000)
    .action(async (positional: string | undefined, options: LogsOptions, command: Command) => {
      const store = chosenStore(command, positional, options);
      const run = withStore({ ...options, store, env: ctx.env }, ctx.signal, async (opened) => {
        const seen = new Map<string, number>();
        await printNew(opened, ctx, options, seen, Boolean(options.all));
        // Later rounds print only arrivals: listings skip what `seen` holds, readLogs what it marked read.
        while (options.follow && !ctx.signal.aborted) {
          await sleep(options.interval, ctx.signal);
          if (ctx.signal.aborted) break;
          await printNew(opened, ctx, options, seen, !options.markRead);
        }
      });
      try {
        await run;
      } catch (err) {
        // Ctrl-C is how one stops following: a clean exit, even when it cut a listing short.
        if (!(options.follow && ctx.signal.aborted)) throw err;
      }
    });
}
