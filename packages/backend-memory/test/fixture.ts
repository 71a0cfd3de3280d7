import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { createJobStore, isJobStoreError, type JobStore, type JobStoreErrorCode } from "@jobstore/core";
import { createMemoryBackend, type MemoryBackendOptions } from "../src/index.js";
import { findStore } from "../src/storage/store-registry.js";

/** One fresh, initialized memory store per test, a way to open more handles on it, and a scratch dir. */
export interface Fixture {
  name: string;
  key: Uint8Array | undefined;
  store: JobStore;
  dir: string;
  /** Another handle on the same store (not opened yet). */
  handle(options?: Omit<MemoryBackendOptions, "name">): JobStore;
  teardown(): Promise<void>;
}

export async function createFixture(options: { encrypted?: boolean } = {}): Promise<Fixture> {
  const name = `test-${randomUUID()}`;
  const key = options.encrypted ? randomBytes(32) : undefined;
  const handles: JobStore[] = [];
  const handle = (extra: Omit<MemoryBackendOptions, "name"> = key ? { encryptionKey: key } : {}) => {
    const store = createJobStore(createMemoryBackend({ name, ...extra }));
    handles.push(store);
    return store;
  };
  const store = handle();
  await store.initialize();
  const dir = await mkdtemp(join(tmpdir(), "jobstore-memory-test-"));
  return {
    name,
    key,
    store,
    dir,
    handle,
    async teardown() {
      await createJobStore(createMemoryBackend({ name })).destroy();
      for (const h of handles) await h.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function readAll(stream: Readable): Promise<string> {
  return (await buffer(stream)).toString("utf8");
}

/** Writes `text` as a new file and returns its ID. */
export function writeText(
  store: JobStore,
  text: string,
  options: Parameters<JobStore["writeFileStream"]>[1] = {},
) {
  return store.writeFileStream((w) => {
    w.end(text);
  }, options);
}

/** The code a promise rejects with, so tests assert codes and never message text. */
export async function codeOf(
  promise: Promise<unknown>,
): Promise<JobStoreErrorCode | "resolved" | "not a JobStoreError"> {
  try {
    await promise;
    return "resolved";
  } catch (err) {
    return isJobStoreError(err) ? err.code : "not a JobStoreError";
  }
}

/** Volume files of the named store that no file or shared file refers to: what a failed write left. */
export function strayContent(name: string): string[] {
  const store = findStore(name);
  if (!store) throw new Error(`no memory store ${name}`);
  const live = new Set([...store.files.values(), ...store.shared.values()].map((r) => r.path));
  const stored = (store.fs.readdirSync("/content") as string[]).map((f) => `/content/${f}`);
  return stored.filter((path) => !live.has(path));
}
