import type { ObjectStore } from "@jobstore/object-store";

/**
 * The function a factory module exports: an adapter on `container` (created and removed by the suite).
 * It runs in the test process and in every worker process of the race checks, so it must build the
 * adapter from `container`, `config` and the environment only (endpoints and credentials typically come
 * from environment variables, which workers inherit).
 *
 * @example
 * ```ts
 * // test/object-store-factory.ts
 * export const createTestObjectStore: ObjectStoreFactory = (container) =>
 *   createFooObjectStore({ container, endpoint: process.env.FOO_ENDPOINT });
 * ```
 * @public
 */
export type ObjectStoreFactory = (container: string, config: unknown) => ObjectStore | Promise<ObjectStore>;

/**
 * Where {@link describeObjectStore} finds the adapter's factory: a module and the name of an
 * {@link ObjectStoreFactory} it exports, plus JSON-serialisable `config` handed to every call. A module
 * path rather than a function, because worker processes must load the same factory.
 *
 * @public
 */
export interface ObjectStoreFactoryRef {
  /** An absolute path or `file:` URL of the module (TypeScript works: workers run under `tsx`). */
  module: string;
  /** The name of the exported {@link ObjectStoreFactory}. */
  export: string;
  /** Passed as the factory's second argument, in every process; must survive `JSON.stringify`. */
  config?: unknown;
}

/**
 * Options of {@link describeObjectStore}. They tune the harness only: what applies to an adapter is read
 * from its {@link @jobstore/object-store!ObjectStoreCapabilities}, and no option switches a check off.
 *
 * @public
 */
export interface ObjectStoreSuiteOptions {
  /** Shown in the report: `object store contract: <name>`. */
  name: string;
  /** The adapter's factory, loadable in worker processes. */
  factory: ObjectStoreFactoryRef;
  /** Processes racing on one key in the condition checks: 2 to 8 (default 4). */
  racers?: number;
  /** Rounds of each race, each on a fresh key or version (default 3). */
  rounds?: number;
  /** Extra environment for the worker processes (they inherit the test process's environment). */
  env?: Record<string, string>;
  /** Per-test timeout in ms (default 60 000; the race checks and pagination get twice as long). */
  testTimeoutMs?: number;
}
