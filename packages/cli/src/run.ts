import { main } from "./main.js";

/**
 * The `jobstore` binary: runs {@link main} on the process's streams and arguments, turns the first
 * SIGINT into a clean stop (the second one kills), and sets the exit code.
 *
 * @example
 * ```ts
 * await runCli(); // in bin/jobstore.mjs
 * ```
 * @public
 */
export async function runCli(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // The AWS SDK warns on every start under Node < 22 (a multi-line notice about its future releases);
  // this package supports Node 20, and a command's stderr is for its own one-line errors.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on("SIGINT", onSigint);
  // A reader that went away (`jobstore cat x | head`) is not a failure of ours.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(0);
    throw err;
  });
  try {
    process.exitCode = await main(argv, {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      signal: controller.signal,
    });
  } finally {
    process.off("SIGINT", onSigint);
  }
}
