import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createJobStore,
  type JobStore,
  type JobStoreBackend,
  type JobStoreCapabilities,
} from "@jobstore/core";
import { onTestFinished } from "vitest";
import type { ConformanceOptions, ConformanceStore } from "./options.js";

/**
 * What one conformance test works on: handles on one fresh, isolated store, the backend's capabilities
 * and a local scratch directory. Everything is released after the test, pass or fail.
 *
 * @public
 */
export interface ConformanceFixture {
  /** Handle 1 (the writer): already initialized, unless the fixture was made with `initialize: false`. */
  readonly store: JobStore;
  /** Another handle on the same store, already resumed (the reader, as a second process would have). */
  open(): Promise<JobStore>;
  /** Another handle on the same store, neither initialized nor resumed. */
  openRaw(): Promise<JobStore>;
  /** A bare backend object on the same store (the SPI, no front-end); closed after the test. */
  openBackend(): Promise<JobStoreBackend>;
  /**
   * Damages the store with the setup's `corrupt()` hook when it has one; otherwise destroys it from a
   * separate handle, so that the fixture's handles still believe it exists.
   */
  corrupt(): Promise<void>;
  /** The backend's capabilities, read from the backend (never from test options). */
  readonly capabilities: JobStoreCapabilities;
  /** A fresh local directory for the test's own files, removed after the test. */
  readonly tempDir: string;
  /** Runs `fn` after the test (before the store's teardown), e.g. to close a local server. */
  onCleanup(fn: () => void | Promise<void>): void;
}

/**
 * Options of {@link useFixture}.
 *
 * @public
 */
export interface UseFixtureOptions {
  /** Initialize the first handle (default `true`); `false` leaves it raw, for lifecycle tests. */
  initialize?: boolean;
}

/**
 * Makes a fresh fixture for the current test: calls `options.setup()`, opens the first handle and
 * registers the cleanup (close every handle opened, the caller's cleanups, `teardown`, remove `tempDir`)
 * with vitest's `onTestFinished`. Call it inside an `it` body, once per test.
 *
 * @throws {@link @jobstore/core!JobStoreError} whatever `initialize()` rejects with on the fresh store.
 * @example
 * ```ts
 * it("loadJob on another handle sees a created job", async () => {
 *   const f = await useFixture(options);
 *   const job = await f.store.createJob(f.store.assignJobId({ jobName: "a" }));
 *   const reader = await f.open();
 *   expect(await reader.loadJob(job.jobStoreId)).toEqual(job);
 * });
 * ```
 * @public
 */
export async function useFixture(
  options: ConformanceOptions,
  { initialize = true }: UseFixtureOptions = {},
): Promise<ConformanceFixture> {
  const handles: JobStore[] = [];
  const backends: JobStoreBackend[] = [];
  const cleanups: Array<() => void | Promise<void>> = [];
  let setup: ConformanceStore | undefined;
  let tempDir: string | undefined;

  // Registered before anything can fail, so a half-made fixture is still released.
  onTestFinished(async () => {
    const errors: unknown[] = [];
    const attempt = async (fn: () => unknown) => {
      try {
        await fn();
      } catch (err) {
        errors.push(err);
      }
    };
    for (const fn of cleanups.reverse()) await attempt(fn);
    for (const handle of handles) await attempt(() => handle.close());
    for (const backend of backends) await attempt(() => backend.close?.());
    if (setup?.teardown) await attempt(() => setup?.teardown?.());
    if (tempDir) await attempt(() => rm(tempDir as string, { recursive: true, force: true }));
    if (errors.length > 0) throw new AggregateError(errors, "conformance fixture cleanup failed");
  });

  setup = await options.setup();
  tempDir = await mkdtemp(join(tmpdir(), "jobstore-conformance-"));
  const current = setup;

  const openRaw = async (): Promise<JobStore> => {
    const handle = createJobStore(await current.open());
    handles.push(handle);
    return handle;
  };
  const open = async (): Promise<JobStore> => {
    const handle = await openRaw();
    await handle.resume();
    return handle;
  };

  const openBackend = async (): Promise<JobStoreBackend> => {
    const backend = await current.open();
    backends.push(backend);
    return backend;
  };
  const corrupt = async (): Promise<void> => {
    if (current.corrupt) return current.corrupt();
    const other = await openRaw();
    await other.destroy();
  };

  const store = await openRaw();
  if (initialize) await store.initialize();

  return {
    store,
    open,
    openRaw,
    openBackend,
    corrupt,
    capabilities: store.capabilities,
    tempDir,
    onCleanup(fn) {
      cleanups.push(fn);
    },
  };
}
