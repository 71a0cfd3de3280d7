import type { Readable } from "node:stream";
import { isJobStoreError, type JobStore, type JobStoreErrorCode } from "@jobstore/core";
import type { ExpectStatic } from "vitest";
import type { ModelState } from "./reference-model.js";
import type { RealWorld } from "./world.js";

/**
 * Reads a stream to the end.
 *
 * @example
 * ```ts
 * const bytes = await readAllBytes(await store.readFileStream(fileId));
 * ```
 * @public
 */
export async function readAllBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * Asserts that `promise` rejects with a {@link @jobstore/core!JobStoreError} of the given code (never the message).
 *
 * @example
 * ```ts
 * await expectCode(expect, store.loadJob("missing"), "JOBSTORE_NO_SUCH_JOB");
 * ```
 * @public
 */
export async function expectCode(
  expect: ExpectStatic,
  promise: Promise<unknown>,
  code: JobStoreErrorCode,
): Promise<void> {
  let outcome: { error: unknown } | undefined;
  try {
    await promise;
  } catch (error) {
    outcome = { error };
  }
  expect(outcome, `expected a rejection with ${code}`).toBeDefined();
  const error = outcome?.error;
  const actual = isJobStoreError(error) ? error.code : String(error);
  expect(actual, `expected ${code}`).toBe(code);
}

/**
 * Compares bytes, printing sizes and the first difference rather than megabytes of hex.
 *
 * @example
 * ```ts
 * expectBytes(expect, actual, expected, `file ${fileId}`);
 * ```
 * @public
 */
export function expectBytes(
  expect: ExpectStatic,
  actual: Uint8Array,
  expected: Uint8Array,
  what: string,
): void {
  if (Buffer.compare(Buffer.from(actual), Buffer.from(expected)) === 0) return;
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  expect(`${actual.length} bytes, first difference at ${at}`, `${what}: content differs from the model`).toBe(
    `${expected.length} bytes, first difference at ${expected.length}`,
  );
}

/**
 * Checks one job through one handle: `jobExists` agrees with the model, and with `load` the job loads
 * deep-equal to it (or rejects with `JOBSTORE_NO_SUCH_JOB`).
 *
 * @example
 * ```ts
 * await verifyJob(expect, store, state, jobId);
 * ```
 * @public
 */
export async function verifyJob(
  expect: ExpectStatic,
  store: JobStore,
  state: ModelState,
  jobId: string,
  load = true,
): Promise<void> {
  const expected = state.jobs.get(jobId);
  expect(await store.jobExists(jobId), `jobExists(${jobId})`).toBe(expected !== undefined);
  if (!load) return;
  if (expected) expect(await store.loadJob(jobId), `loadJob(${jobId})`).toEqual(expected);
  else await expectCode(expect, store.loadJob(jobId), "JOBSTORE_NO_SUCH_JOB");
}

/**
 * Checks one file through one handle: existence and size, and the bytes when `content` is set.
 *
 * @example
 * ```ts
 * await verifyFile(expect, store, state, fileId, true);
 * ```
 * @public
 */
export async function verifyFile(
  expect: ExpectStatic,
  store: JobStore,
  state: ModelState,
  fileId: string,
  content: boolean,
): Promise<void> {
  const expected = state.files.get(fileId);
  expect(await store.fileExists(fileId), `fileExists(${fileId})`).toBe(expected !== undefined);
  expect(await store.getFileSize(fileId), `getFileSize(${fileId})`).toBe(expected?.bytes.length ?? 0);
  if (!content) return;
  if (expected)
    expectBytes(expect, await readAllBytes(await store.readFileStream(fileId)), expected.bytes, fileId);
  else await expectCode(expect, store.readFileStream(fileId), "JOBSTORE_NO_SUCH_FILE");
}

/**
 * The check run after every command, through the given handle: every job the run has seen exists
 * exactly when the model says, every file exists with the model's size; the jobs and files the command
 * touched (or all, with `touched: "all"`) are also loaded and read back in full.
 *
 * @example
 * ```ts
 * await verifyObservableState(r, r.handles.b, m.state, [fileId]);
 * ```
 * @public
 */
export async function verifyObservableState(
  r: RealWorld,
  store: JobStore,
  state: ModelState,
  touched: readonly string[] | "all" = [],
): Promise<void> {
  const deep = (id: string) => touched === "all" || touched.includes(id);
  for (const jobId of state.knownJobIds) await verifyJob(r.expect, store, state, jobId, deep(jobId));
  for (const fileId of state.knownFileIds) await verifyFile(r.expect, store, state, fileId, deep(fileId));
}
