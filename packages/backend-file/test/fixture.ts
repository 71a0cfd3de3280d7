import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobStore, isJobStoreError, type JobStore } from "@jobstore/core";
import { onTestFinished } from "vitest";
import { createFileBackend, type FileBackendOptions } from "../src/index.js";

/** A fresh scratch directory for one test, removed after it. */
export async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "jobstore-file-test-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A new handle on the store at `path` (not yet opened). */
export function handle(path: string, options: Omit<FileBackendOptions, "path"> = {}): JobStore {
  const store = createJobStore(createFileBackend({ ...options, path }));
  onTestFinished(() => store.close());
  return store;
}

/** An initialized store in a fresh scratch directory. */
export async function freshStore(
  options: Omit<FileBackendOptions, "path"> = {},
): Promise<{ store: JobStore; path: string; dir: string }> {
  const dir = await scratchDir();
  const path = join(dir, "store");
  const store = handle(path, options);
  await store.initialize();
  return { store, path, dir };
}

/** The error code a promise rejects with (`undefined` when it resolves). */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    if (isJobStoreError(err)) return err.code;
    throw err;
  }
}

/** A random 32-byte key. */
export function newKey(): Buffer {
  return randomBytes(32);
}
