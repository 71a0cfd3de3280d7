import { randomUUID } from "node:crypto";
import { type PassThrough, Writable } from "node:stream";
import { type JobStore, openJobStore, type StoredJob } from "@jobstore/core";
import "@jobstore/backend-memory";
import { main } from "../src/main.js";

/** A captured output stream that can pose as a terminal. */
export class Capture extends Writable {
  readonly chunks: Buffer[] = [];
  readonly isTTY: boolean;
  readonly columns = 100;
  private readonly onWrite: ((text: string) => void) | undefined;
  constructor(tty: boolean, onWrite?: (text: string) => void) {
    super();
    this.isTTY = tty;
    this.onWrite = onWrite;
  }
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    this.onWrite?.(chunk.toString("utf8"));
    callback();
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
  text(): string {
    return this.bytes().toString("utf8");
  }
  // What a terminal driver needs from a TTY stream; the captured bytes keep the escape sequences.
  cursorTo(_x: number, _y?: number): boolean {
    return true;
  }
  clearLine(_dir: number): boolean {
    return true;
  }
  moveCursor(_dx: number, _dy: number): boolean {
    return true;
  }
  getWindowSize(): [number, number] {
    return [this.columns, 40];
  }
}

/** What one in-process run of the CLI produced. */
export interface RunResult {
  code: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  tty?: boolean;
  env?: Record<string, string>;
  signal?: AbortSignal;
  stdin?: PassThrough & { isTTY?: boolean };
  /** Sees every write to stderr as it happens (e.g. the first progress bar frame). */
  onStderr?: (text: string) => void;
}

/** Runs the CLI's main in-process with captured streams. */
export async function run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new Capture(options.tty ?? false);
  const stderr = new Capture(options.tty ?? false, options.onStderr);
  const code = await main(args, {
    stdout,
    stderr,
    env: options.env ?? {},
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
  });
  return { code, stdout: stdout.text(), stdoutBytes: stdout.bytes(), stderr: stderr.text() };
}

/** A fresh memory locator, unique per test. */
export function memoryLocator(): string {
  return `memory:cli-${randomUUID().slice(0, 8)}`;
}

/** What {@link seedStore} put in a store. */
export interface Seeded {
  workflowId: string;
  jobs: StoredJob[];
  root: StoredJob;
  files: { fileId: string; bytes: Buffer; jobId?: string; cleanup: boolean }[];
  textFileId: string;
  binaryFileId: string;
  orphanFileId: string;
  shared: Record<string, Buffer>;
  logs: { message: string; read: boolean }[];
}

/** Deterministic pseudo-random bytes (a binary file with NUL bytes in it). */
export function pseudoRandomBytes(size: number, seed = 7): Buffer {
  const out = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i += 1) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out[i] = x >> 16;
  }
  out[0] = 0;
  return out;
}

/**
 * Fills a new store like a small workflow: a root job and children whose bodies name file IDs, files
 * with and without owners (one orphaned: its owner never existed), shared files, and logs (one read).
 */
export async function seedStore(locator: string, options: { binaryBytes?: number } = {}): Promise<Seeded> {
  const store = await openJobStore(locator);
  await store.initialize({ engine: "cli-test" });
  const seeded = await fill(store, options.binaryBytes ?? 70_000);
  await store.close();
  return seeded;
}

async function fill(store: JobStore, binaryBytes: number): Promise<Seeded> {
  const root = store.assignJobId({ jobName: "root", command: "run-all", children: [] as string[] });
  const files: Seeded["files"] = [];
  const text = Buffer.from("hello from the workflow\n");
  const textFileId = await store.writeFileStream((w) => w.end(text), {
    jobId: root.jobStoreId,
    cleanup: false,
    basename: "hello.txt",
  });
  files.push({ fileId: textFileId, bytes: text, jobId: root.jobStoreId, cleanup: false });
  const binary = pseudoRandomBytes(binaryBytes);
  const binaryFileId = await store.writeFileStream((w) => w.end(binary), { basename: "data.bin" });
  files.push({ fileId: binaryFileId, bytes: binary, cleanup: false });
  const children: StoredJob[] = [];
  for (let i = 0; i < 3; i += 1) {
    const child = store.assignJobId({
      jobName: `child-${i}`,
      command: `step ${i}`,
      inputs: [textFileId] as string[],
    });
    const bytes = Buffer.from(`output of child ${i}\n`.repeat(i + 1));
    const out = await store.writeFileStream((w) => w.end(bytes), { jobId: child.jobStoreId, cleanup: true });
    files.push({ fileId: out, bytes, jobId: child.jobStoreId, cleanup: true });
    child.outputs = [out];
    children.push(await store.createJob(child));
    root.children.push(child.jobStoreId);
  }
  const ghost = store.assignJobId({ jobName: "never-created" });
  const orphan = Buffer.from("left behind by a crash\n");
  const orphanFileId = await store.writeFileStream((w) => w.end(orphan), {
    jobId: ghost.jobStoreId,
    cleanup: true,
  });
  files.push({ fileId: orphanFileId, bytes: orphan, jobId: ghost.jobStoreId, cleanup: true });
  const storedRoot = await store.createJob(root);
  await store.setRootJob(storedRoot.jobStoreId);
  const shared = { "engine-state.json": Buffer.from('{"round":3}') };
  await store.writeSharedFileStream("engine-state.json", (w) => w.end(shared["engine-state.json"]));
  const logs = [
    { message: "job child-0 finished", read: true },
    { message: "job child-1 finished", read: false },
    { message: "job child-2 finished", read: false },
  ];
  for (const log of logs) await store.writeLogs(log.message, { read: log.read });
  return {
    workflowId: store.config.workflowId,
    jobs: [storedRoot, ...children],
    root: storedRoot,
    files,
    textFileId,
    binaryFileId,
    orphanFileId,
    shared,
    logs,
  };
}

/** Opens and resumes a store (the caller closes it). */
export async function resumed(locator: string): Promise<JobStore> {
  const store = await openJobStore(locator);
  await store.resume();
  return store;
}

/** Reads a whole file of a store. */
export async function readAll(store: JobStore, fileId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.readFileStream(fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a whole shared file of a store. */
export async function readShared(store: JobStore, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.readSharedFileStream(name)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
