/**
 * What a backend's fault `setup()` returns: worker environment that routes the store's traffic through
 * fault injectors, switches for them, and what was injected.
 *
 * @public
 */
export interface FaultEnvironment {
  /** Environment variables for every worker process of the faults check (e.g. endpoints of proxies). */
  env: Record<string, string>;
  /** Starts injecting faults (the suite seeds the store healthy first). */
  enable(): void | Promise<void>;
  /** Stops injecting faults (the final verification runs healed); may be called more than once. */
  disable(): void | Promise<void>;
  /**
   * How many faults were injected so far, by kind (e.g. `{ reset: 3, "sdb-503": 5 }`). The check requires
   * more than none: a store whose traffic bypasses the injectors would pass without being tested.
   */
  injected(): Record<string, number>;
  /**
   * How many connections the injectors proxied so far (e.g. a `FaultProxy`'s `connections()`); when given,
   * the check requires more than none.
   */
  connections?(): number;
  /** Releases proxies and servers (runs after the check, pass or fail). */
  teardown(): void | Promise<void>;
}

/**
 * The opt-in faults check of {@link describeJobStoreDurability}: the store is used through injectors
 * that reset, delay and truncate connections or answer with server errors.
 *
 * @public
 */
export interface DurabilityFaultOptions {
  /**
   * Starts the injectors, disabled, for one fresh store. Every store call of the check (seeding, the
   * faulted loop, the healed verification) runs in workers with `env` applied, so a store that lives
   * behind a private server (e.g. a private simpledb-local with a fault rate) is reachable.
   */
  setup(): FaultEnvironment | Promise<FaultEnvironment>;
  /** The longest any one store call may take under faults before it counts as a hang (default 45 000 ms). */
  callTimeoutMs?: number;
}

/**
 * What the suite knows about the test in which it asks for a locator.
 *
 * @public
 */
export interface DurabilityLocatorContext {
  /** A fresh local directory for this test, removed after it. */
  tempDir: string;
  /** A short random tag, unique per test, usable in a bucket or domain name (`[a-z0-9]`, 8 chars). */
  tag: string;
}

/**
 * Options of {@link describeJobStoreDurability}.
 *
 * @public
 */
export interface DurabilityOptions {
  /** Shown in the report, e.g. `"aws"`. */
  name: string;
  /**
   * A locator for one fresh, not yet initialized store; called once per test. Workers open it with
   * `openJobStore(locator, openOptions)` after importing `workerModule`.
   */
  locator(context: DurabilityLocatorContext): string | Promise<string>;
  /**
   * A module (absolute path or `file:` URL) each worker imports before opening the store: it registers the
   * backend under test with `registerBackend` (needed for a scheme core cannot find by itself).
   */
  workerModule?: string;
  /** JSON-serialisable options passed to `openJobStore` in every worker (e.g. `{ partSize: 5242880 }`). */
  openOptions?: Record<string, unknown>;
  /** Extra environment for every worker (e.g. endpoints and credentials). */
  env?: Record<string, string>;
  /** Working directory of the workers (default: the current one). */
  cwd?: string;
  /**
   * What of the store is still on the storage after `destroy()`, named for the report (e.g. bucket keys,
   * multipart uploads, a directory). Must be empty after destroy; when absent, the suite checks only that
   * `resume()` says `JOBSTORE_NO_SUCH_STORE`.
   */
  residue?(locator: string): Promise<string[]>;
  /** Runs after each test with the test's locator, pass or fail (e.g. a last `destroy`). */
  teardown?(locator: string): void | Promise<void>;
  /** Opt-in faults check; absent: reported as skipped. */
  faults?: DurabilityFaultOptions;
  /**
   * Multiplies every count (kills, rounds, updates); default `JOBSTORE_DURABILITY_SCALE` or 1. The CI
   * default keeps each check within about a minute on a local stack.
   */
  scale?: number;
  /** Processes racing on one file or job: 2 to 4 (default 3). */
  racers?: number;
  /** Per-test timeout in ms (default 300 000, times the scale). */
  testTimeoutMs?: number;
}
