import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { tsxLoaderArgs } from "../tsx-loader.js";

/**
 * A child process started by {@link startChild}, talking in lines: commands on its stdin, answers on its
 * stdout.
 *
 * @public
 */
export interface TestChild {
  /** The process (kill it by `process.pid` to simulate a crash). */
  readonly process: ChildProcess;
  /** Resolves with the next stdout line that starts with `prefix`; rejects when the child exits first. */
  next(prefix: string): Promise<string>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** Resolves when the child has exited, with its signal or exit code. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node --import tsx <script> ...args` with this process's environment, for tests that need a
 * second real process (racing writers, a writer killed mid-write). Lines the child prints before anyone
 * waits for them are kept for the next matching {@link TestChild.next}.
 *
 * @param script - An absolute path or `file:` URL of the child's script (TypeScript needs tsx installed).
 * @throws Error when `script` is TypeScript and tsx is not installed.
 * @example
 * ```ts
 * import { startChild } from "@jobstore/conformance/test-utils";
 *
 * const writer = startChild(new URL("./children/writer.ts", import.meta.url), [storePath]);
 * await writer.next("ready");
 * writer.process.kill("SIGKILL");
 * expect((await writer.exited).signal).toBe("SIGKILL");
 * ```
 * @public
 */
export function startChild(script: string | URL, args: readonly string[]): TestChild {
  const path = script instanceof URL || script.startsWith("file:") ? fileURLToPath(script) : script;
  const child = spawn(process.execPath, [...tsxLoaderArgs(path), path, ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (line: string) => void; reject: (err: Error) => void }> =
    [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`child ${path} exited (${code ?? signal}) before printing ${waiter.prefix}`));
      }
      resolve({ code, signal });
    });
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const index = waiters.findIndex((waiter) => line.startsWith(waiter.prefix));
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(line);
    else lines.push(line);
  });
  return {
    process: child,
    exited,
    next(prefix) {
      const index = lines.findIndex((line) => line.startsWith(prefix));
      if (index >= 0) return Promise.resolve(lines.splice(index, 1)[0] as string);
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.reject(new Error(`child ${path} has exited before printing ${prefix}`));
      }
      return new Promise((resolve, reject) => waiters.push({ prefix, resolve, reject }));
    },
    send(line) {
      child.stdin?.write(`${line}\n`);
    },
  };
}
