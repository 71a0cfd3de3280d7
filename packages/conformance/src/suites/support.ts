import { createHash, randomBytes } from "node:crypto";
import type { Readable, Writable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { isJobStoreError, type JobStore, type JobStoreErrorCode } from "@jobstore/core";
import { expect } from "vitest";
import type { ConformanceOptions } from "../options.js";
import { writeChunk } from "../write-chunk.js";

/** Default per-test timeout: generous enough for a network backend doing a few dozen round trips. */
const DEFAULT_TIMEOUT_MS = 60_000;

/** Toil's `mpTestPartSize`: used for the multipart-sized streams when the backend has no part size. */
export const DEFAULT_PART_SIZE = 5 * 1024 * 1024;

/** The per-test timeout in ms. `scale` stretches it for the tests that move tens of MiB. */
export function testTimeout(options: ConformanceOptions, scale = 1): number {
  return (options.testTimeoutMs ?? DEFAULT_TIMEOUT_MS) * scale;
}

/** The part size the multipart-sized tests probe around. */
export function partSizeOf(store: JobStore): number {
  return store.capabilities.partSize > 0 ? store.capabilities.partSize : DEFAULT_PART_SIZE;
}

/**
 * Asserts that `promise` rejects with a {@link @jobstore/core!JobStoreError} carrying `code` (never the message text).
 * A synchronous throw from `fn` counts as a rejection, so `jobs()` and getters can be checked the same way.
 */
export async function expectCode(
  fn: Promise<unknown> | (() => unknown),
  code: JobStoreErrorCode,
): Promise<void> {
  let outcome: { ok: true; value: unknown } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await (typeof fn === "function" ? fn() : fn) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  if (outcome.ok) {
    expect.fail(`expected a rejection with ${code}, but the call succeeded`);
    return;
  }
  const actual = isJobStoreError(outcome.error) ? outcome.error.code : describeError(outcome.error);
  expect(actual, `expected ${code}`).toBe(code);
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `non-error thrown: ${String(error)}`;
}

/** The whole content of a stream. */
export async function readAll(stream: Readable): Promise<Buffer> {
  return buffer(stream);
}

/** The content of a job store file. */
export async function readFileBytes(store: JobStore, fileId: string): Promise<Buffer> {
  return readAll(await store.readFileStream(fileId));
}

/** The content of a shared file. */
export async function readSharedBytes(store: JobStore, name: string): Promise<Buffer> {
  return readAll(await store.readSharedFileStream(name));
}

/** Writes `data` into `writable` honouring backpressure, in chunks of at most `chunkSize` bytes. */
export async function writeChunks(writable: Writable, data: Buffer, chunkSize = 64 * 1024): Promise<void> {
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    await writeChunk(writable, data.subarray(offset, offset + chunkSize));
  }
}

/** A new file holding `data`, written through the stream path. */
export async function writeBytes(
  store: JobStore,
  data: Buffer | string,
  options: { jobId?: string; cleanup?: boolean } = {},
): Promise<string> {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return store.writeFileStream(async (writable) => writeChunks(writable, bytes), options);
}

/** Random bytes (incompressible, so no backend can shortcut them). */
export function randomData(size: number): Buffer {
  return randomBytes(size);
}

/** A short digest for comparing large contents without printing them on failure. */
export function digest(data: Buffer): string {
  return `${data.length}:${createHash("sha256").update(data).digest("hex")}`;
}

/** Every job `jobs()` yields. */
export async function collectJobs(store: JobStore): Promise<Array<{ jobStoreId: string }>> {
  const jobs: Array<{ jobStoreId: string }> = [];
  for await (const job of store.jobs()) jobs.push(job);
  return jobs;
}

/** An AbortSignal that is already aborted. */
export function abortedSignal(): AbortSignal {
  const controller = new AbortController();
  controller.abort(new Error("aborted by the conformance suite"));
  return controller.signal;
}

/**
 * Writes the shared file "state" as "previous", then runs a write of it whose callback `failWrite` makes
 * fail with `failure`: the write must reject with exactly that error and "state" must still read "previous".
 */
export async function expectFailedSharedWriteKeepsPrevious(
  store: JobStore,
  failure: Error,
  failWrite: (writable: Writable) => void | Promise<void>,
): Promise<void> {
  await store.writeSharedFileStream("state", (w) => void w.end("previous"));
  await expect(store.writeSharedFileStream("state", failWrite)).rejects.toBe(failure);
  expect((await readSharedBytes(store, "state")).toString()).toBe("previous");
}

/**
 * Runs a `writeFileStream` whose callback `failWrite` makes fail with `failure`, checks it rejects with
 * exactly that error, and returns the ID the store handed the callback (for the caller to check it holds
 * nothing).
 */
export async function failedFileWrite(
  store: JobStore,
  failure: Error,
  failWrite: (writable: Writable) => Promise<void>,
): Promise<string> {
  let fileId: string | undefined;
  await expect(
    store.writeFileStream(async (w, id) => {
      fileId = id;
      await failWrite(w);
    }),
  ).rejects.toBe(failure);
  return fileId as string;
}

export { collect } from "../test-utils/collect.js";
