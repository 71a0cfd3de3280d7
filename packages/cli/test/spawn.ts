import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

/** The `jobstore` binary of this package. */
export const BIN = fileURLToPath(new URL("../bin/jobstore.mjs", import.meta.url));

/** A spawned `jobstore` process with its output collected. */
export interface Spawned {
  child: ChildProcess;
  stdout: Buffer[];
  stderr: Buffer[];
  /** Resolves to the exit code (128 + n for a signal). */
  exit: Promise<number>;
}

/** Starts `jobstore <args>` as a real process with pipes for stdio. */
export function spawnCli(args: readonly string[], cwd?: string): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, JOBSTORE_STORE: "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on("data", (c: Buffer) => stdout.push(c));
  child.stderr?.on("data", (c: Buffer) => stderr.push(c));
  const exit = once(child, "close").then(([code, signal]) =>
    typeof code === "number" ? code : 128 + (signal === "SIGINT" ? 2 : 9),
  );
  return { child, stdout, stderr, exit };
}

/** Runs `jobstore <args>` to completion. */
export async function runCliProcess(args: readonly string[], cwd?: string) {
  const p = spawnCli(args, cwd);
  p.child.stdin?.end();
  const code = await p.exit;
  return { code, stdout: Buffer.concat(p.stdout), stderr: Buffer.concat(p.stderr).toString("utf8") };
}
