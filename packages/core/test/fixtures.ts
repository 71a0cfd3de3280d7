import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import {
  type CallOptions,
  createJobStore,
  isJobStoreError,
  type JobStore,
  type JobStoreError,
  type JobStoreErrorCode,
} from "../src/index.js";
import { createStubBackend, type StubBackend, type StubBackendOptions } from "./stub-backend.js";

/** A fresh stub backend and the front-end over it, initialised unless `open` is false. */
export async function openStore(
  options: StubBackendOptions & { open?: boolean } = {},
): Promise<{ store: JobStore; backend: StubBackend }> {
  const backend = createStubBackend(options);
  const store = createJobStore(backend);
  if (options.open !== false) await store.initialize();
  return { store, backend };
}

/** Awaits `action` and asserts it rejected with a {@link JobStoreError} of `code`; returns the error. */
export async function expectCode(
  action: Promise<unknown> | (() => unknown),
  code: JobStoreErrorCode,
): Promise<JobStoreError> {
  let caught: unknown;
  try {
    await (typeof action === "function" ? action() : action);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a rejection with ${code}`).toBeDefined();
  expect((caught as { code?: unknown }).code).toBe(code);
  expect(isJobStoreError(caught, code)).toBe(true);
  return caught as JobStoreError;
}

/** Drains an async iterable into an array. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** One JobStore method, called with arguments that pass validation. */
export interface MethodCase {
  name: string;
  /** Whether it needs `initialize()`/`resume()` first (everything but the lifecycle calls). */
  needsOpen: boolean;
  call: (store: JobStore, options: CallOptions) => Promise<unknown>;
}

const THIS_FILE = fileURLToPath(import.meta.url);
const job = () => ({ jobStoreId: "job-1", version: 1 });

/** Every JobStore method that takes options, for the lifecycle and abort tables. */
export const METHOD_CASES: readonly MethodCase[] = [
  { name: "initialize", needsOpen: false, call: (s, o) => s.initialize({}, o) },
  { name: "resume", needsOpen: false, call: (s, o) => s.resume(o) },
  { name: "destroy", needsOpen: false, call: (s, o) => s.destroy(o) },
  { name: "writeConfig", needsOpen: true, call: (s, o) => s.writeConfig(o) },
  { name: "createJob", needsOpen: true, call: (s, o) => s.createJob(job(), o) },
  { name: "updateJob", needsOpen: true, call: (s, o) => s.updateJob(job(), o) },
  { name: "loadJob", needsOpen: true, call: (s, o) => s.loadJob("job-1", o) },
  { name: "jobExists", needsOpen: true, call: (s, o) => s.jobExists("job-1", o) },
  { name: "deleteJob", needsOpen: true, call: (s, o) => s.deleteJob("job-1", o) },
  { name: "jobs", needsOpen: true, call: async (s, o) => collect(s.jobs(o)) },
  { name: "batch", needsOpen: true, call: (s, o) => s.batch(async () => s.createJob(job()), o) },
  { name: "setRootJob", needsOpen: true, call: (s, o) => s.setRootJob("job-1", o) },
  { name: "loadRootJob", needsOpen: true, call: (s, o) => s.loadRootJob(o) },
  { name: "writeFile", needsOpen: true, call: (s, o) => s.writeFile(THIS_FILE, o) },
  { name: "writeFileStream", needsOpen: true, call: (s, o) => s.writeFileStream((w) => void w.end("x"), o) },
  { name: "getEmptyFileStoreId", needsOpen: true, call: (s, o) => s.getEmptyFileStoreId(o) },
  { name: "readFile", needsOpen: true, call: (s, o) => s.readFile("f", "/tmp/never-written", o) },
  { name: "readFileStream", needsOpen: true, call: (s, o) => s.readFileStream("f", o) },
  { name: "updateFile", needsOpen: true, call: (s, o) => s.updateFile("f", THIS_FILE, o) },
  {
    name: "updateFileStream",
    needsOpen: true,
    call: (s, o) => s.updateFileStream("f", (w) => void w.end("x"), o),
  },
  { name: "deleteFile", needsOpen: true, call: (s, o) => s.deleteFile("f", o) },
  { name: "fileExists", needsOpen: true, call: (s, o) => s.fileExists("f", o) },
  { name: "getFileSize", needsOpen: true, call: (s, o) => s.getFileSize("f", o) },
  {
    name: "writeSharedFileStream",
    needsOpen: true,
    call: (s, o) => s.writeSharedFileStream("shared.txt", (w) => void w.end("x"), o),
  },
  { name: "readSharedFileStream", needsOpen: true, call: (s, o) => s.readSharedFileStream("shared.txt", o) },
  { name: "writeLogs", needsOpen: true, call: (s, o) => s.writeLogs("hello", o) },
  { name: "readLogs", needsOpen: true, call: (s, o) => s.readLogs(() => {}, o) },
  { name: "getPublicUrl", needsOpen: true, call: (s, o) => s.getPublicUrl("f", o) },
  { name: "getSharedPublicUrl", needsOpen: true, call: (s, o) => s.getSharedPublicUrl("shared.txt", o) },
  { name: "importFile", needsOpen: true, call: (s, o) => s.importFile(new URL(import.meta.url), o) },
  { name: "exportFile", needsOpen: true, call: (s, o) => s.exportFile("f", "file:///tmp/never-exported", o) },
  { name: "listFiles", needsOpen: true, call: async (s, o) => collect(s.listFiles(o)) },
  { name: "listSharedFiles", needsOpen: true, call: async (s, o) => collect(s.listSharedFiles(o)) },
  { name: "listLogs", needsOpen: true, call: async (s, o) => collect(s.listLogs(o)) },
  { name: "findLeftovers", needsOpen: true, call: async (s, o) => collect(s.findLeftovers(o)) },
  {
    name: "removeLeftovers",
    needsOpen: true,
    call: (s, o) => s.removeLeftovers([{ kind: "orphan-file", id: "f" }], o),
  },
  {
    name: "restoreFileStream",
    needsOpen: true,
    call: (s, o) => s.restoreFileStream("restored", (w) => void w.end("x"), o),
  },
];
