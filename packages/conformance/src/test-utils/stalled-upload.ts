import { spawn } from "node:child_process";
import { pathToFileURL } from "node:url";
import { tsxLoaderArgs } from "../tsx-loader.js";

/** What {@link startStalledUpload} starts: a process whose stream write never ends. */
export interface StalledUploadOptions {
  /** The module that registers the backend's scheme, imported before the store opens (an absolute path). */
  readonly workerModule: string;
  /** The store the process opens. */
  readonly locator: string;
  /** The `partSize` the store opens with; the process writes a little more than one part. */
  readonly partSize: number;
  /** Where the process runs, so that `@jobstore/core` resolves: the backend package's root. */
  readonly cwd: string;
}

/** The process started by {@link startStalledUpload}. */
export interface StalledUpload {
  /** Kills the process (SIGKILL, as a crash would) unless it has exited; resolves once it has. */
  kill(): Promise<void>;
  /** The last 2000 characters of its stderr, and how it exited once it has: for a failure message. */
  stderr(): string;
  /** Whether the process is still running. */
  running(): boolean;
}

/**
 * Starts a process that opens the store and streams a file of more than one part without ever ending
 * it, so that the backend has staged parts of an upload that is never completed: what a writer killed
 * mid-upload leaves for `findLeftovers` to report.
 *
 * @example
 * ```ts
 * import { startStalledUpload } from "@jobstore/conformance/test-utils";
 *
 * const writer = startStalledUpload({ workerModule, locator, partSize, cwd: packageRoot });
 * onTestFinished(() => writer.kill());
 * ```
 * @public
 */
export function startStalledUpload(options: StalledUploadOptions): StalledUpload {
  const { workerModule, locator, partSize, cwd } = options;
  const code = `
    const { openJobStore } = await import("@jobstore/core");
    await import(${JSON.stringify(pathToFileURL(workerModule).href)});
    setInterval(() => {}, 1000); // a pending promise alone does not keep a process alive
    const store = await openJobStore(${JSON.stringify(locator)}, { partSize: ${partSize} });
    await store.resume();
    await store.writeFileStream((w) => { w.write(Buffer.alloc(${partSize + 1024}, 7)); return new Promise(() => {}); });`;
  const child = spawn(process.execPath, [...tsxLoaderArgs(workerModule), "--input-type=module", "-e", code], {
    cwd,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) =>
    child.on("exit", (code, signal) => {
      stderr += `\n[exited: ${signal ?? code}]`;
      resolve();
    }),
  );
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    kill: async () => {
      if (running()) child.kill("SIGKILL");
      await exited;
    },
    stderr: () => stderr,
    running,
  };
}
