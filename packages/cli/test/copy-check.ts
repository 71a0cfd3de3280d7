import { isDeepStrictEqual } from "node:util";
import type { FileInfo, JobStore, LogEntry, StoredJob } from "@jobstore/core";
import { expect } from "vitest";
import { readAll, readShared, resumed } from "./harness.js";

interface Snapshot {
  workflowId: string;
  config: unknown;
  jobs: StoredJob[];
  files: { info: Omit<FileInfo, "sha256" | "encrypted">; bytes: Buffer }[];
  shared: Record<string, Buffer>;
  logs: LogEntry[];
  root: string | null;
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** Everything a store holds, read through the public API, in a comparable form. */
export async function snapshot(locator: string): Promise<Snapshot> {
  const store = await resumed(locator);
  try {
    return await take(store);
  } finally {
    await store.close();
  }
}

async function take(store: JobStore): Promise<Snapshot> {
  const jobs: StoredJob[] = [];
  for await (const job of store.jobs()) jobs.push(job);
  const files: Snapshot["files"] = [];
  for await (const { sha256: _s, encrypted: _e, ...info } of store.listFiles()) {
    files.push({ info, bytes: await readAll(store, info.fileId) });
  }
  const shared: Record<string, Buffer> = {};
  for await (const info of store.listSharedFiles()) {
    shared[info.name] = await readShared(store, info.name);
  }
  const logs: LogEntry[] = [];
  for await (const entry of store.listLogs()) logs.push(entry);
  let root: string | null = null;
  try {
    root = (await store.loadRootJob()).jobStoreId;
  } catch {
    root = null;
  }
  return {
    workflowId: store.config.workflowId,
    config: { ...store.config },
    jobs: jobs.sort(byKey((j) => j.jobStoreId)),
    files: files.sort(byKey((f) => f.info.fileId)),
    shared,
    logs: logs.sort(byKey((l) => `${l.read}:${l.message.toString("base64")}`)),
    root,
  };
}

/** Asserts two stores hold the same workflow: jobs, files (bytes and metadata), shared files, logs, root. */
export async function expectSameStore(from: string, to: string): Promise<void> {
  const [a, b] = [await snapshot(from), await snapshot(to)];
  expect(b.workflowId).toBe(a.workflowId);
  expect(b.config).toEqual(a.config);
  expect(b.root).toBe(a.root);
  expect(b.jobs).toEqual(a.jobs);
  expect(b.files.map((f) => f.info)).toEqual(a.files.map((f) => f.info));
  for (const [i, file] of a.files.entries()) {
    expect(b.files[i]?.bytes.equals(file.bytes), `file ${file.info.fileId} byte-identical`).toBe(true);
  }
  expect(Object.keys(b.shared).sort()).toEqual(Object.keys(a.shared).sort());
  for (const [name, bytes] of Object.entries(a.shared)) {
    if (name !== "config.json") expect(b.shared[name]?.equals(bytes), `shared ${name}`).toBe(true);
  }
  expect(isDeepStrictEqual(b.logs, a.logs)).toBe(true);
}
