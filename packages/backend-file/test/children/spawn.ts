import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

// tsx's ESM loader, by absolute URL: the child runs TypeScript in this very process (no wrapper
// process in between), so the PID the test kills is the writer's.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** A child process running one of the scripts in this directory, with its stdout as lines. */
export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the next stdout line that starts with `prefix`. */
  next(prefix: string): Promise<string>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
  /** Resolves when the child has exited, with its signal or exit code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node --import tsx test/children/<script> ...args`. */
export function startChild(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ["--import", tsx, join(import.meta.dirname, script), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: Array<{ prefix: string; resolve: (line: string) => void; reject: (err: Error) => void }> =
    [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      for (const waiter of waiters.splice(0)) {
        waiter.reject(
          new Error(`child ${script} exited (${code ?? signal}) before printing ${waiter.prefix}`),
        );
      }
      resolve({ code, signal });
    });
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const index = waiters.findIndex((waiter) => line.startsWith(waiter.prefix));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(line);
    else lines.push(line);
  });
  return {
    process: child,
    exited,
    next(prefix) {
      const index = lines.findIndex((line) => line.startsWith(prefix));
      if (index >= 0) return Promise.resolve(lines.splice(index, 1)[0]!);
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.reject(new Error(`child ${script} has exited`));
      }
      return new Promise((resolve, reject) => waiters.push({ prefix, resolve, reject }));
    },
    send(line) {
      child.stdin!.write(`${line}\n`);
    },
  };
}
