import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { JobStoreBackend } from "./backend.js";
import { createJobStore } from "./create-job-store.js";
import { JobStoreError } from "./errors.js";
import type { JobStore } from "./job-store.js";

/**
 * Options passed through {@link openJobStore} to the scheme's factory (e.g. an encryption key or ready
 * clients); each backend documents the ones it reads.
 *
 * @public
 */
export type OpenJobStoreOptions = Record<string, unknown>;

/**
 * Makes a backend from the part of a locator after `scheme:`.
 *
 * @public
 */
export type BackendFactory = (
  rest: string,
  options: OpenJobStoreOptions,
) => JobStoreBackend | Promise<JobStoreBackend>;

/**
 * A parsed locator.
 *
 * @public
 */
export interface ParsedLocator {
  /** The scheme, e.g. `"memory"`. */
  scheme: string;
  /** Everything after the first `:`. */
  rest: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const registry = new Map<string, BackendFactory>();

// Built-in schemes load their package on first use, so `openJobStore("aws:...")` works without an import.
const BUILT_IN: Record<string, { module: string; export: string }> = {
  memory: { module: "@jobstore/backend-memory", export: "memoryBackendFactory" },
  aws: { module: "@jobstore/backend-aws", export: "awsBackendFactory" },
};

/**
 * Splits a locator at its first `:` into scheme and rest.
 *
 * @throws {@link JobStoreError} `JOBSTORE_INVALID_LOCATOR` when the locator has no scheme or nothing after it.
 * @example
 * ```ts
 * parseLocator("aws:us-west-2:my-run"); // { scheme: "aws", rest: "us-west-2:my-run" }
 * ```
 * @public
 */
export function parseLocator(locator: string): ParsedLocator {
  if (typeof locator !== "string") {
    throw new JobStoreError("JOBSTORE_INVALID_LOCATOR", `a locator must be a string, got ${typeof locator}`);
  }
  const colon = locator.indexOf(":");
  const scheme = colon < 0 ? "" : locator.slice(0, colon);
  const rest = colon < 0 ? "" : locator.slice(colon + 1);
  if (!SCHEME.test(scheme)) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid locator ${JSON.stringify(locator)}: expected <scheme>:<rest>`,
    );
  }
  if (rest === "") {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid locator ${JSON.stringify(locator)}: nothing after "${scheme}:"`,
    );
  }
  return { scheme, rest };
}

/**
 * Registers (or replaces) the factory for a locator scheme; third-party backends call it on import.
 *
 * @throws TypeError for a scheme that is not lowercase letters, digits, `+`, `.` or `-`.
 * @example
 * ```ts
 * registerBackend("foo", (rest, options) => createFooBackend({ name: rest, ...options }));
 * ```
 * @public
 */
export function registerBackend(scheme: string, factory: BackendFactory): void {
  if (!SCHEME.test(scheme)) throw new TypeError(`invalid scheme ${JSON.stringify(scheme)}`);
  if (typeof factory !== "function") throw new TypeError("registerBackend: the factory must be a function");
  registry.set(scheme, factory);
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

async function loadBuiltIn(scheme: string): Promise<BackendFactory | undefined> {
  const entry = BUILT_IN[scheme];
  if (!entry) return undefined;
  let module: Record<string, unknown> | undefined;
  let lastError: unknown;
  try {
    module = (await import(entry.module)) as Record<string, unknown>;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    lastError = err;
  }
  // core does not depend on its backends (they depend on it); with a strict node_modules layout they
  // resolve only from the application, so look where the application is: its working directory and
  // its main script.
  const bases = [process.cwd(), ...(process.argv[1] ? [dirname(process.argv[1])] : [])];
  for (const base of module ? [] : bases) {
    try {
      const resolved = createRequire(join(base, "package.json")).resolve(entry.module);
      module = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
      break;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      lastError = err;
    }
  }
  if (!module) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `the ${scheme}: scheme needs the package ${entry.module}; install it`,
      {
        cause: lastError,
      },
    );
  }
  const factory = module[entry.export];
  if (typeof factory !== "function") {
    throw new JobStoreError("JOBSTORE_INVALID_LOCATOR", `${entry.module} does not export ${entry.export}`);
  }
  return factory as BackendFactory;
}

/**
 * Opens a {@link JobStore} from a locator such as `memory:dev` or `aws:us-west-2:my-run`. No storage I/O
 * happens yet: call `initialize()` or `resume()` next.
 *
 * @throws {@link JobStoreError} `JOBSTORE_INVALID_LOCATOR` for a malformed locator, an unknown scheme or a
 * rest the backend rejects.
 * @example
 * ```ts
 * const store = await openJobStore("memory:demo");
 * await store.initialize();
 * ```
 * @public
 */
export async function openJobStore(locator: string, options: OpenJobStoreOptions = {}): Promise<JobStore> {
  const { scheme, rest } = parseLocator(locator);
  const factory = registry.get(scheme) ?? (await loadBuiltIn(scheme));
  if (!factory) {
    const known = [...new Set([...registry.keys(), ...Object.keys(BUILT_IN)])].sort().join(", ");
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `unknown scheme "${scheme}" in ${JSON.stringify(locator)} (known: ${known})`,
    );
  }
  return createJobStore(await factory(rest, options));
}
