import { type ChildProcess, fork } from "node:child_process";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import type { WriteCondition } from "@jobstore/object-store";
import { loaderArgs } from "../worker-loader.js";
import type { ObjectStoreSuiteOptions } from "./options.js";
import type { RacerCommand, RacerConfig, RacerMessage, RacerResult } from "./race-protocol.js";

const here = fileURLToPath(import.meta.url);
const racerScript = fileURLToPath(new URL(`./race-worker${extname(here)}`, import.meta.url));
/** How long a racer may take to start (tsx compiles the adapter on a loaded machine) or to answer. */
const STARTUP_MS = 60_000;
/** How far ahead the parent names the instant of a round, so every racer has the command by then. */
const LEAD_MS = 250;

/** One racer process: an adapter on the test's container in a process of its own. */
class Racer {
  private readonly child: ChildProcess;
  private readonly inbox: RacerMessage[] = [];
  private wake: (() => void) | undefined;
  private exit: string | undefined;
  private stderr = "";

  constructor(options: ObjectStoreSuiteOptions, container: string) {
    const config: RacerConfig = { factory: options.factory, container };
    this.child = fork(racerScript, [JSON.stringify(config)], {
      execArgv: loaderArgs(racerScript),
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-2000);
    });
    this.child.on("message", (message: RacerMessage) => {
      this.inbox.push(message);
      this.wake?.();
    });
    this.child.on("exit", (code, signal) => {
      this.exit = signal ? `killed by ${signal}` : `exited with code ${code}`;
      this.wake?.();
    });
  }

  /** The next message matching `accept`; rejects on the racer's failure, exit or silence. */
  async next(accept: (m: RacerMessage) => boolean, what: string): Promise<RacerMessage> {
    const deadline = Date.now() + STARTUP_MS;
    for (;;) {
      const fatal = this.inbox.find((m) => m.type === "fatal");
      if (fatal?.type === "fatal") throw new Error(`racer ${this.child.pid} failed: ${fatal.error}`);
      const index = this.inbox.findIndex(accept);
      if (index >= 0) return this.inbox.splice(index, 1)[0] as RacerMessage;
      if (this.exit) throw new Error(`racer ${this.child.pid} ${this.exit} before ${what}: ${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`racer ${this.child.pid}: no ${what} within ${STARTUP_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  send(command: RacerCommand): void {
    if (this.child.connected) this.child.send(command);
  }

  async stop(): Promise<void> {
    if (this.exit) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.send({ cmd: "exit" });
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** One racer's put of a round: what it wrote and what it got. */
export interface RacingPut {
  racer: number;
  body: Buffer;
  result: RacerResult;
}

/** Racer processes on one container, started together and stopped together. */
export interface RacerPool {
  /** How many racer processes run. */
  readonly size: number;
  /** Every racer puts its own `bodies[i]` to `key` under `condition` at the same instant. */
  race(round: number, key: string, condition: WriteCondition, bodies: Buffer[]): Promise<RacingPut[]>;
  stop(): Promise<void>;
}

/** Starts `options.racers` (default 4) racer processes on `container` and waits until each is ready. */
export async function startRacers(options: ObjectStoreSuiteOptions, container: string): Promise<RacerPool> {
  const count = options.racers ?? 4;
  if (!(count >= 2 && count <= 8)) throw new RangeError(`racers must be 2 to 8, got ${count}`);
  const racers = Array.from({ length: count }, () => new Racer(options, container));
  const stop = async () => {
    await Promise.all(racers.map((r) => r.stop()));
  };
  try {
    await Promise.all(racers.map((r) => r.next((m) => m.type === "ready", "ready")));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    size: count,
    async race(round, key, condition, bodies) {
      const at = Date.now() + LEAD_MS;
      for (const [i, r] of racers.entries()) {
        r.send({ cmd: "put", round, key, body: (bodies[i] as Buffer).toString("base64"), condition, at });
      }
      const results = await Promise.all(
        racers.map((r) => r.next((m) => m.type === "result" && m.round === round, `round ${round}`)),
      );
      return results.map((result, racer) => ({
        racer,
        body: bodies[racer] as Buffer,
        result: result as RacerResult,
      }));
    },
    stop,
  };
}
