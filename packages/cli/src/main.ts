import { createRequire } from "node:module";
import { listInstalledSchemes } from "@jobstore/core";
import { CommanderError } from "commander";
import type { CliIo } from "./cli-io.js";
import type { CommandContext } from "./command-context.js";
import { EXIT_CODES, exitCodeFor } from "./exit-codes.js";
import { backendSearch } from "./open-store.js";
import { buildProgram } from "./program.js";

// src/ and dist/ are both one level below the package root.
const VERSION = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

/**
 * Runs the `jobstore` command with `argv` (without `node` and the script) on the given streams, and
 * resolves to the exit code (see {@link EXIT_CODES}); it never calls `process.exit` and never rejects.
 * A failure is one line on stderr: `jobstore: <what went wrong, naming the value>`.
 *
 * @example
 * ```ts
 * const code = await main(["jobs", "memory:dev", "--json"], { stdout, stderr });
 * ```
 * @public
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const ctx: CommandContext = {
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    env: io.env ?? {},
    signal: io.signal ?? new AbortController().signal,
    exitCode: EXIT_CODES.OK,
  };
  try {
    const schemes = await listInstalledSchemes(backendSearch(ctx.env));
    await buildProgram(ctx, VERSION, schemes).parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander printed the message already; help and --version end up here with exit code 0.
      return err.exitCode === 0 ? EXIT_CODES.OK : EXIT_CODES.USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`jobstore: ${message.split("\n")[0]}\n`);
    if (io.env?.JOBSTORE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return exitCodeFor(err);
  }
}
