import { type ChildProcess, fork } from "node:child_process";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { loaderArgs } from "../worker-loader.js";
import type { ParentMessage, StoreAccess, WorkerMessage, WorkerTask } from "./protocol.js";

/** Where and how workers run: store access plus process settings. */
export interface WorkerSettings extends StoreAccess {
  env: Record<string, string>;
  cwd: string | undefined;
}

type Message<T extends WorkerMessage["type"]> = Extract<WorkerMessage, { type: T }>;

const here = fileURLToPath(import.meta.url);
const workerScript = fileURLToPath(new URL(`./worker${extname(here)}`, import.meta.url));

/** A running worker process and its messages. */
export class WorkerProcess {
  /** Write operations the worker reported so far (crash and faults loops). */
  ops = 0;
  private readonly child: ChildProcess;
  private readonly inbox: WorkerMessage[] = [];
  private readonly waiters: Array<() => void> = [];
  private stderrTail = "";
  private exitInfo: string | undefined;
  /** Settles when the process has exited. */
  readonly exited: Promise<void>;

  constructor(settings: WorkerSettings, task: WorkerTask) {
    const config = { locator: settings.locator, openOptions: settings.openOptions, task };
    const withModule = settings.workerModule ? { ...config, workerModule: settings.workerModule } : config;
    this.child = fork(workerScript, [JSON.stringify(withModule)], {
      execArgv: loaderArgs(workerScript),
      env: { ...process.env, ...settings.env },
      ...(settings.cwd ? { cwd: settings.cwd } : {}),
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-3000);
    });
    this.child.on("message", (message: WorkerMessage) => {
      if (message.type === "op") this.ops = message.n;
      else this.inbox.push(message);
      this.wake();
    });
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => {
        this.exitInfo = signal ? `killed by ${signal}` : `exited with code ${code}`;
        this.wake();
        resolve();
      });
    });
  }

  /** The process ID. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  private wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private async until<T>(test: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const fatal = this.inbox.find((m) => m.type === "fatal");
      if (fatal) throw new Error(`worker ${this.pid} failed waiting for ${what}: ${fatal.error}`);
      const value = test();
      if (value !== undefined) return value;
      if (this.exitInfo) {
        throw new Error(`worker ${this.pid} ${this.exitInfo} before ${what}; stderr: ${this.stderrTail}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`worker ${this.pid}: no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next message of `type` (optionally also matching `accept`); rejects on the worker's failure or exit. */
  next<T extends WorkerMessage["type"]>(
    type: T,
    timeoutMs: number,
    accept: (m: Message<T>) => boolean = () => true,
  ): Promise<Message<T>> {
    return this.until(
      () => {
        const index = this.inbox.findIndex((m) => m.type === type && accept(m as Message<T>));
        return index < 0 ? undefined : (this.inbox.splice(index, 1)[0] as Message<T>);
      },
      `a "${type}" message`,
      timeoutMs,
    );
  }

  /** Resolves once the worker reported at least `n` write operations. */
  async opsReached(n: number, timeoutMs: number): Promise<void> {
    await this.until(() => (this.ops >= n ? true : undefined), `${n} operations`, timeoutMs);
  }

  /** Sends a command (ignored once the process is gone). */
  command(message: ParentMessage): void {
    if (this.child.connected) this.child.send(message);
  }

  /** SIGKILLs the process and waits until it is gone. */
  async kill(): Promise<void> {
    if (!this.exitInfo) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** Waits for a clean exit (after its last message); kills it after `timeoutMs`. */
  async done(timeoutMs = 30_000): Promise<void> {
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Runs a task that ends with one message of `type`, and returns it once the worker has exited. */
export async function runToMessage<T extends WorkerMessage["type"]>(
  settings: WorkerSettings,
  task: WorkerTask,
  type: T,
  timeoutMs: number,
): Promise<Message<T>> {
  const worker = new WorkerProcess(settings, task);
  try {
    const message = await worker.next(type, timeoutMs);
    await worker.done();
    return message;
  } finally {
    await worker.kill();
  }
}
