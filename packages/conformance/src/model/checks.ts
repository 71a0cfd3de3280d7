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
 * touched (or all, with `touched: "all"`) are also loaded and read back in full. With `"all"` (the end of
 * a run) the listings must agree with the model too (see {@link verifyListings}).
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
  if (touched === "all") await verifyListings(r.expect, store, state);
}

/** Bytes as a sortable key. */
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * Checks the listings through one handle: `listFiles` yields exactly the model's files, each once, with
 * its owner, `cleanup` flag and size; `listSharedFiles` includes every shared file the model holds, with
 * its size; `listLogs` yields exactly the model's messages with their read states (and marks nothing).
 *
 * @example
 * ```ts
 * await verifyListings(expect, store, state);
 * ```
 * @public
 */
export async function verifyListings(
  expect: ExpectStatic,
  store: JobStore,
  state: ModelState,
): Promise<void> {
  const listed: Array<[string, string | undefined, boolean, number]> = [];
  for await (const file of store.listFiles()) listed.push([file.fileId, file.jobId, file.cleanup, file.size]);
  const modelled = [...state.files].map(([id, f]) => [id, f.jobId, f.cleanup, f.bytes.length] as const);
  const byId = (a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]) =>
    a[0] < b[0] ? -1 : 1;
  expect(listed.sort(byId), "listFiles: the model's files with owner, cleanup and size").toEqual(
    [...modelled].sort(byId),
  );

  const shared = new Map<string, number>();
  for await (const file of store.listSharedFiles()) shared.set(file.name, file.size);
  for (const [name, bytes] of state.shared)
    expect(shared.get(name), `listSharedFiles: ${name}`).toBe(bytes.length);

  const logs: string[] = [];
  for await (const entry of store.listLogs())
    logs.push(`${entry.read ? "read" : "unread"}:${hex(entry.message)}`);
  const expected = [
    ...state.unreadLogs.map((m) => `unread:${hex(m)}`),
    ...state.readLogs.map((m) => `read:${hex(m)}`),
  ];
  expect(logs.sort(), "listLogs: the model's messages with their read states").toEqual(expected.sort());
}
