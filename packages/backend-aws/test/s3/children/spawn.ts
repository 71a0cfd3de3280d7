import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

// tsx's ESM loader by absolute URL: the child runs TypeScript itself, with no wrapper process.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** A child process running a script of this directory, talking in lines on stdin and stdout. */
export interface Child {
  readonly process: ChildProcess;
  /** The next stdout line starting with `prefix`. */
  next(prefix: string): Promise<string>;
  /** Writes one line to the child's stdin. */
  send(line: string): void;
}

/** Starts `node --import tsx test/s3/children/<script> ...args` with this process's environment. */
export function startChild(script: string, args: string[]): Child {
  const child = spawn(process.execPath, ["--import", tsx, join(import.meta.dirname, script), ...args], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  child.once("exit", (code, signal) => {
    for (const waiter of waiters.splice(0)) {
      waiter.reject(new Error(`child ${script} exited (${code ?? signal}) before printing ${waiter.prefix}`));
    }
  });
  createInterface({ input: child.stdout! }).on("line", (line) => {
    const index = waiters.findIndex((waiter) => line.startsWith(waiter.prefix));
    if (index >= 0) waiters.splice(index, 1)[0]!.resolve(line);
    else lines.push(line);
  });
  return {
    process: child,
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
