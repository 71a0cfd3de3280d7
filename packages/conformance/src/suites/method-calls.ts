import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CallOptions, JobStore, StoredJob } from "@jobstore/core";
import { expect } from "vitest";
import type { ConformanceFixture } from "../fixture.js";
import { collectJobs, readFileBytes, readSharedBytes, writeBytes } from "./support.js";

/** What the calls below act on: real, existing things, so that a call that ran would change them. */
export interface CallTarget {
  job: StoredJob;
  fileId: string;
  sharedName: string;
  localPath: string;
  readPath: string;
  exportPath: string;
  importedSharedName: string;
  /** How many times a callback handed to the store ran. */
  callbacks: number;
}

/** One `JobStore` method, called the way a user would, on the prepared {@link CallTarget}. */
export interface MethodCall {
  name: string;
  /** Whether the method needs an initialized or resumed handle (all but initialize, resume, destroy). */
  needsOpen: boolean;
  call(store: JobStore, target: CallTarget, options: CallOptions): Promise<unknown>;
}

const FILE_CONTENT = "original file";
const SHARED_CONTENT = "original shared";
const LOG_MESSAGE = "the one unread message";

/** Fills the store with one of everything and returns what the calls act on. */
export async function prepareTarget(f: ConformanceFixture): Promise<CallTarget> {
  const store = f.store;
  const job = await store.createJob(store.assignJobId({ jobName: "target", payload: "v1" }));
  const fileId = await writeBytes(store, FILE_CONTENT, { jobId: job.jobStoreId, cleanup: true });
  await store.writeSharedFileStream("target.txt", (w) => void w.end(SHARED_CONTENT));
  await store.setRootJob(job.jobStoreId);
  await store.writeLogs(LOG_MESSAGE);
  const localPath = join(f.tempDir, "local.txt");
  await writeFile(localPath, "local content");
  return {
    job: structuredClone(job),
    fileId,
    sharedName: "target.txt",
    localPath,
    readPath: join(f.tempDir, "read.txt"),
    exportPath: join(f.tempDir, "export.txt"),
    importedSharedName: "imported.txt",
    callbacks: 0,
  };
}

/**
 * Asserts through a fresh handle that nothing changed since {@link prepareTarget}: used after a call
 * that must have been refused before any I/O.
 */
export async function expectTargetUnchanged(f: ConformanceFixture, target: CallTarget): Promise<void> {
  const reader = await f.open();
  expect(target.callbacks, "a callback ran").toBe(0);
  expect(await reader.loadJob(target.job.jobStoreId)).toEqual(target.job);
  expect((await collectJobs(reader)).map((j) => j.jobStoreId)).toEqual([target.job.jobStoreId]);
  expect((await reader.loadRootJob()).jobStoreId).toBe(target.job.jobStoreId);
  expect((await readFileBytes(reader, target.fileId)).toString()).toBe(FILE_CONTENT);
  expect((await readSharedBytes(reader, target.sharedName)).toString()).toBe(SHARED_CONTENT);
  expect(await reader.fileExists(target.fileId)).toBe(true);
  expect(existsSync(target.readPath), "readFile wrote its destination").toBe(false);
  expect(existsSync(target.exportPath), "exportFile wrote its destination").toBe(false);
  await expect(reader.readSharedFileStream(target.importedSharedName)).rejects.toMatchObject({
    code: "JOBSTORE_NO_SUCH_FILE",
  });
  // Only the prepared message is unread: nothing was logged, and it was not consumed.
  const messages: string[] = [];
  expect(await reader.readLogs((m) => void messages.push(m.toString()))).toBe(1);
  expect(messages).toEqual([LOG_MESSAGE]);
}

function counted(target: CallTarget, body: string) {
  return (w: import("node:stream").Writable) => {
    target.callbacks++;
    w.end(body);
  };
}

/** Every I/O method of {@link JobStore}, with options last so a signal can be passed. */
export const METHOD_CALLS: readonly MethodCall[] = [
  { name: "initialize", needsOpen: false, call: (s, _t, o) => s.initialize({}, o) },
  { name: "resume", needsOpen: false, call: (s, _t, o) => s.resume(o) },
  { name: "destroy", needsOpen: false, call: (s, _t, o) => s.destroy(o) },
  { name: "writeConfig", needsOpen: true, call: (s, _t, o) => s.writeConfig(o) },
  {
    name: "createJob",
    needsOpen: true,
    // Not assignJobId, which itself throws on a closed handle.
    call: (s, _t, o) => s.createJob({ jobStoreId: `new-${randomUUID()}`, jobName: "new" }, o),
  },
  { name: "updateJob", needsOpen: true, call: (s, t, o) => s.updateJob({ ...t.job, payload: "v2" }, o) },
  { name: "loadJob", needsOpen: true, call: (s, t, o) => s.loadJob(t.job.jobStoreId, o) },
  { name: "jobExists", needsOpen: true, call: (s, t, o) => s.jobExists(t.job.jobStoreId, o) },
  { name: "deleteJob", needsOpen: true, call: (s, t, o) => s.deleteJob(t.job.jobStoreId, o) },
  { name: "jobs", needsOpen: true, call: async (s, _t, o) => collectFrom(s.jobs(o)) },
  {
    name: "batch",
    needsOpen: true,
    call: (s, t, o) =>
      s.batch(async () => {
        t.callbacks++;
        await s.createJob(s.assignJobId({ jobName: "batched" }));
      }, o),
  },
  { name: "setRootJob", needsOpen: true, call: (s, _t, o) => s.setRootJob("another-root", o) },
  { name: "loadRootJob", needsOpen: true, call: (s, _t, o) => s.loadRootJob(o) },
  {
    name: "writeFile",
    needsOpen: true,
    call: (s, t, o) => s.writeFile(t.localPath, { ...o, jobId: t.job.jobStoreId }),
  },
  { name: "writeFileStream", needsOpen: true, call: (s, t, o) => s.writeFileStream(counted(t, "new"), o) },
  { name: "getEmptyFileStoreId", needsOpen: true, call: (s, _t, o) => s.getEmptyFileStoreId(o) },
  { name: "readFile", needsOpen: true, call: (s, t, o) => s.readFile(t.fileId, t.readPath, o) },
  { name: "readFileStream", needsOpen: true, call: (s, t, o) => s.readFileStream(t.fileId, o) },
  { name: "updateFile", needsOpen: true, call: (s, t, o) => s.updateFile(t.fileId, t.localPath, o) },
  {
    name: "updateFileStream",
    needsOpen: true,
    call: (s, t, o) => s.updateFileStream(t.fileId, counted(t, "changed"), o),
  },
  { name: "deleteFile", needsOpen: true, call: (s, t, o) => s.deleteFile(t.fileId, o) },
  { name: "fileExists", needsOpen: true, call: (s, t, o) => s.fileExists(t.fileId, o) },
  { name: "getFileSize", needsOpen: true, call: (s, t, o) => s.getFileSize(t.fileId, o) },
  {
    name: "writeSharedFileStream",
    needsOpen: true,
    call: (s, t, o) => s.writeSharedFileStream(t.sharedName, counted(t, "changed"), o),
  },
  {
    name: "readSharedFileStream",
    needsOpen: true,
    call: (s, t, o) => s.readSharedFileStream(t.sharedName, o),
  },
  { name: "writeLogs", needsOpen: true, call: (s, _t, o) => s.writeLogs("another message", o) },
  {
    name: "readLogs",
    needsOpen: true,
    call: (s, t, o) =>
      s.readLogs(() => {
        t.callbacks++;
      }, o),
  },
  { name: "getPublicUrl", needsOpen: true, call: (s, t, o) => s.getPublicUrl(t.fileId, o) },
  { name: "getSharedPublicUrl", needsOpen: true, call: (s, t, o) => s.getSharedPublicUrl(t.sharedName, o) },
  {
    name: "importFile",
    needsOpen: true,
    call: (s, t, o) =>
      s.importFile(pathToFileURL(t.localPath), { ...o, sharedFileName: t.importedSharedName }),
  },
  {
    name: "exportFile",
    needsOpen: true,
    call: (s, t, o) => s.exportFile(t.fileId, pathToFileURL(t.exportPath), o),
  },
  { name: "listFiles", needsOpen: true, call: async (s, _t, o) => collectFrom(s.listFiles(o)) },
  { name: "listSharedFiles", needsOpen: true, call: async (s, _t, o) => collectFrom(s.listSharedFiles(o)) },
  { name: "listLogs", needsOpen: true, call: async (s, _t, o) => collectFrom(s.listLogs(o)) },
  { name: "findLeftovers", needsOpen: true, call: async (s, _t, o) => collectFrom(s.findLeftovers(o)) },
  {
    // Were it to run, it would delete the target file.
    name: "removeLeftovers",
    needsOpen: true,
    call: (s, t, o) => s.removeLeftovers([{ kind: "orphan-file", id: t.fileId }], o),
  },
  {
    name: "restoreFileStream",
    needsOpen: true,
    call: (s, t, o) => s.restoreFileStream(`restored-${randomUUID()}`, counted(t, "restored"), o),
  },
];

async function collectFrom<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}
