import type { JobStoreBackend } from "./backend.js";
import { createJobStore } from "./create-job-store.js";
import { JobStoreError } from "./errors.js";
import {
  extraBackendNames,
  findInstalledBackends,
  importBackend,
  searchRoots,
} from "./internal/backend-discovery.js";
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

// Process-wide under a global symbol, so that a backend importing another copy of @jobstore/core (a
// duplicate install) still registers where `openJobStore` looks.
const REGISTRY = Symbol.for("@jobstore/core.backends");
const shared = globalThis as { [REGISTRY]?: Map<string, BackendFactory> };
shared[REGISTRY] ??= new Map();
const registry = shared[REGISTRY];

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
 * Registers (or replaces) the factory for a locator scheme. A backend package calls it when its main
 * entry is imported, and declares the same schemes in its package.json (`"jobstore": { "schemes": [...] }`)
 * so that {@link openJobStore} can find and import it on first use.
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

/**
 * Where {@link openJobStore} and {@link listInstalledSchemes} look for backend packages, besides their
 * defaults.
 *
 * @public
 */
export interface BackendSearchOptions {
  /**
   * Directories to look from first, each upwards: e.g. an application's own location, where the backends
   * it depends on are installed (with a strict `node_modules` layout they resolve only from there).
   */
  readonly searchFrom?: readonly string[];
  /** The environment whose `JOBSTORE_BACKENDS` names packages of other scopes; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A scheme {@link openJobStore} can open, as {@link listInstalledSchemes} reports it.
 *
 * @public
 */
export interface InstalledScheme {
  /** The scheme, without the colon, e.g. `"file"`. */
  readonly scheme: string;
  /** The package that declares or registered it; absent for one registered by the application itself. */
  readonly packageName?: string;
}

/** Where to look and which extra packages to import, from the caller's options. */
function searchOf(options: BackendSearchOptions): { roots: string[]; extra: string[] } {
  return { roots: searchRoots(options.searchFrom), extra: extraBackendNames(options.env) };
}

/**
 * Finds the factory of a scheme nobody registered yet: imports the installed backend package that
 * declares it (it registers on import), then the `JOBSTORE_BACKENDS` packages, looking again after each.
 */
async function resolveScheme(
  scheme: string,
  { roots, extra }: { roots: string[]; extra: string[] },
): Promise<BackendFactory | undefined> {
  const installed = await findInstalledBackends(roots, extra);
  const declaring = installed.filter((b) => b.schemes.includes(scheme));
  for (const backend of declaring) {
    await importBackend(backend);
    const factory = registry.get(scheme);
    if (factory) return factory;
  }
  if (declaring.length > 0) {
    const names = declaring.map((b) => b.packageName).join(", ");
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `${names} declares the ${scheme}: scheme but registered no factory for it on import`,
    );
  }
  for (const backend of installed.filter((b) => extra.includes(b.packageName))) {
    await importBackend(backend);
  }
  return registry.get(scheme);
}

/**
 * Lists the schemes {@link openJobStore} can open, sorted: those of installed backend packages (found as
 * `openJobStore` finds them, without importing them), those the `JOBSTORE_BACKENDS` packages register
 * (imported to learn them, when their package.json declares none) and those registered already.
 *
 * @remarks
 * Meant for a tool's help text ("which stores can I use?"), so that a new backend package shows up once
 * installed, with no change to the tool. A `JOBSTORE_BACKENDS` package that fails to load is left out
 * here; opening one of its schemes reports why.
 *
 * @example
 * ```ts
 * for (const { scheme, packageName } of await listInstalledSchemes()) console.log(`${scheme}: ${packageName}`);
 * ```
 * @public
 */
export async function listInstalledSchemes(options: BackendSearchOptions = {}): Promise<InstalledScheme[]> {
  const { roots, extra } = searchOf(options);
  const found = new Map<string, string | undefined>();
  const installed = await findInstalledBackends(roots, extra);
  for (const backend of installed) {
    for (const scheme of backend.schemes) if (!found.has(scheme)) found.set(scheme, backend.packageName);
  }
  for (const backend of installed.filter((b) => b.schemes.length === 0)) {
    const before = new Set(registry.keys());
    const loaded = await importBackend(backend).then(
      () => true,
      () => false,
    );
    if (!loaded) continue;
    for (const scheme of registry.keys())
      if (!before.has(scheme) && !found.has(scheme)) found.set(scheme, backend.packageName);
  }
  for (const scheme of registry.keys()) if (!found.has(scheme)) found.set(scheme, undefined);
  return [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([scheme, packageName]) => (packageName === undefined ? { scheme } : { scheme, packageName }));
}

async function unknownScheme(
  scheme: string,
  locator: string,
  search: BackendSearchOptions,
): Promise<JobStoreError> {
  const list = (await listInstalledSchemes(search)).map((s) => s.scheme).join(", ") || "none";
  return new JobStoreError(
    "JOBSTORE_INVALID_LOCATOR",
    `unknown scheme "${scheme}" in ${JSON.stringify(locator)} (known: ${list}); install the backend package that declares it`,
  );
}

/**
 * Opens a {@link JobStore} from a locator such as `memory:demo` or `file:./run`. No storage I/O
 * happens yet: call `initialize()` or `resume()` next.
 *
 * @remarks
 * Core names no backend. A scheme nobody registered yet is resolved by looking (from the directories in
 * `search.searchFrom`, the working directory, the main script's directory and core's own location,
 * upwards) for an installed `@jobstore/*` package whose package.json declares it
 * (`"jobstore": { "schemes": ["file"] }`), importing it (its main entry calls {@link registerBackend}),
 * and looking again. Packages of other scopes are found by naming them in the `JOBSTORE_BACKENDS`
 * environment variable (comma-separated; read from `search.env`, default `process.env`); they are
 * imported too. An unknown scheme's error lists the schemes {@link listInstalledSchemes} finds.
 *
 * @param options - passed to the scheme's factory (each backend documents the ones it reads).
 * @param search - where else to look for backend packages.
 * @throws {@link JobStoreError} `JOBSTORE_INVALID_LOCATOR` for a malformed locator, an unknown scheme or a
 * rest the backend rejects.
 * @example
 * ```ts
 * const store = await openJobStore("memory:demo");
 * await store.initialize();
 * ```
 * @public
 */
export async function openJobStore(
  locator: string,
  options: OpenJobStoreOptions = {},
  search: BackendSearchOptions = {},
): Promise<JobStore> {
  const { scheme, rest } = parseLocator(locator);
  const factory = registry.get(scheme) ?? (await resolveScheme(scheme, searchOf(search)));
  if (!factory) throw await unknownScheme(scheme, locator, search);
  return createJobStore(await factory(rest, options));
}
