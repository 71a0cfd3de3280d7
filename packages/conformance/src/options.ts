import type { JobStoreBackend } from "@jobstore/core";

/**
 * What a backend's `setup()` returns: a way to open handles on one fresh, isolated store, and a way to
 * remove it.
 *
 * @public
 */
export interface ConformanceStore {
  /**
   * A new handle on the same store each call (a writer and a reader, as two processes would have).
   * Handles are closed by the suite; the store itself is removed by `teardown`.
   */
  open(): JobStoreBackend | Promise<JobStoreBackend>;
  /** Removes what `setup` made (runs after every test, pass or fail). */
  teardown?(): void | Promise<void>;
  /**
   * Damages the store as a crash or an operator might (e.g. removes the bucket but not the metadata), for
   * the "destroy works on a corrupted store" test. When absent, the suite destroys the store from a
   * separate handle instead (Toil's AWS test does the same).
   */
  corrupt?(): void | Promise<void>;
}

/**
 * Options of {@link describeJobStoreConformance}. They tune the harness only: no option switches a
 * contract test off; unsupported capability groups are read from the backend and reported as skipped.
 *
 * @public
 */
export interface ConformanceOptions {
  /** Shown in the report, e.g. `"memory"`. */
  name: string;
  /** Makes one fresh, isolated store; called once per test. */
  setup(): ConformanceStore | Promise<ConformanceStore>;
  /** fast-check runs per property (default 100; `FC_NUM_RUNS` overrides). */
  propertyRuns?: number;
  /** Per-test timeout in ms (default 60 000); the tests that move tens of MiB get twice as long. */
  testTimeoutMs?: number;
  /** Commands per property run at most (default 30). */
  maxCommands?: number;
}
