import { isJobStoreError, type JobStore } from "@jobstore/core";
import { decodeFileContent, decodeJobContent } from "../protocol/content.js";
import type { CheckObject, Observation, ParentMessage, WorkerMessage } from "../protocol/messages.js";

/** An error with its message and its cause's, for a report line (never compared: codes are). */
export function errorDetail(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown; code?: unknown } } | undefined;
  const cause = e?.cause
    ? ` (cause: ${String(e.cause.code ?? "")} ${String(e.cause.message ?? e.cause)})`
    : "";
  return `${describeError(err)}: ${String(e?.message ?? err).slice(0, 300)}${cause.slice(0, 300)}`;
}

/** Sends a message to the parent and resolves once it is handed to the channel. */
export function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send)
      return reject(new Error("a durability worker needs an IPC channel (child_process.fork)"));
    process.send(message, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

const inbox: ParentMessage[] = [];
const waiters: Array<() => void> = [];
process.on("message", (message) => {
  inbox.push(message as ParentMessage);
  for (const wake of waiters.splice(0)) wake();
});

/** The next command from the parent that matches `accept` (earlier non-matching ones stay queued). */
export async function nextCommand<T extends ParentMessage>(accept: (m: ParentMessage) => m is T): Promise<T> {
  for (;;) {
    const index = inbox.findIndex(accept);
    if (index >= 0) return inbox.splice(index, 1)[0] as T;
    await new Promise<void>((resolve) => waiters.push(resolve));
  }
}

/** Whether a command `cmd` is queued, without waiting (removes it when present). */
export function takeCommand(cmd: ParentMessage["cmd"]): boolean {
  const index = inbox.findIndex((m) => m.cmd === cmd);
  if (index < 0) return false;
  inbox.splice(index, 1);
  return true;
}

/** An error as the report shows it: its code when coded, otherwise flagged as uncoded. */
export function describeError(err: unknown): string {
  if (isJobStoreError(err)) return err.code;
  const e = err as { name?: unknown; message?: unknown } | undefined;
  return `UNCODED ${String(e?.name ?? typeof err)}: ${String(e?.message ?? err).slice(0, 200)}`;
}

/** Reads a whole file through the store. */
export async function readWholeFile(store: JobStore, fileId: string, signal?: AbortSignal): Promise<Buffer> {
  const stream = await store.readFileStream(fileId, signal ? { signal } : undefined);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Loads a job and checks it is whole; any error or damage is the observation's problem. */
export async function observeJob(
  store: JobStore,
  job: CheckObject,
  signal?: AbortSignal,
): Promise<Observation> {
  try {
    const loaded = await store.loadJob(job.id, signal ? { signal } : undefined);
    const decoded = decodeJobContent(loaded);
    if (!decoded.ok) return { key: job.key, kind: "job", problem: decoded.problem };
    if (decoded.described.key !== job.key) {
      return { key: job.key, kind: "job", problem: `holds ${decoded.described.key}'s job` };
    }
    return { key: job.key, kind: "job", tag: decoded.described.tag };
  } catch (err) {
    return {
      key: job.key,
      kind: "job",
      problem: `loadJob failed: ${errorDetail(err)}`,
      code: describeError(err),
    };
  }
}

/** Reads a file and checks it is whole; any error or damage is the observation's problem. */
export async function observeFile(
  store: JobStore,
  file: CheckObject,
  signal?: AbortSignal,
): Promise<Observation> {
  try {
    const decoded = decodeFileContent(await readWholeFile(store, file.id, signal));
    if (!decoded.ok) return { key: file.key, kind: "file", problem: decoded.problem };
    if (decoded.described.key !== file.key) {
      return { key: file.key, kind: "file", problem: `holds ${decoded.described.key}'s content` };
    }
    return { key: file.key, kind: "file", tag: decoded.described.tag };
  } catch (err) {
    return {
      key: file.key,
      kind: "file",
      problem: `read failed: ${errorDetail(err)}`,
      code: describeError(err),
    };
  }
}

/** Runs `fn` with an abort signal that fires after `ms`, and reports a hang if it does not settle soon after. */
export async function bounded<T>(ms: number, fn: (signal?: AbortSignal) => Promise<T>): Promise<T> {
  if (ms <= 0) return fn();
  const controller = new AbortController();
  const abortTimer = setTimeout(() => controller.abort(), ms);
  let hangTimer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    // The signal had `ms` to work; a call still pending 5 s later ignores it.
    hangTimer = setTimeout(() => reject(new HangError(ms)), ms + 5_000);
  });
  try {
    return await Promise.race([fn(controller.signal), hang]);
  } finally {
    clearTimeout(abortTimer);
    clearTimeout(hangTimer);
  }
}

/** A call that did not settle within its bound (plus grace) even though its signal was aborted. */
export class HangError extends Error {
  constructor(ms: number) {
    super(`the call did not settle within ${ms} ms + 5 s after its signal was aborted`);
    this.name = "HangError";
  }
}
