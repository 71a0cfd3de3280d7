#!/usr/bin/env node
// Entry point of `simpledb-local`; prints one "listening" line that scripts wait for.
import { parseCliArgs, USAGE } from "./internal/cli-args.js";
import { startSimpleDbLocal } from "./start-simpledb-local.js";

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`simpledb-local: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = await startSimpleDbLocal(command.options);
  process.stdout.write(`simpledb-local listening on ${server.endpoint}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`simpledb-local: error while stopping on ${signal}: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`simpledb-local: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
