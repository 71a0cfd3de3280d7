import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type BackendSearchOptions,
  isJobStoreError,
  type JobStore,
  openJobStore,
  parseLocator,
} from "@jobstore/core";
import { CliError } from "./cli-error.js";
import { readKeyFile } from "./encryption-key.js";
import { EXIT_CODES } from "./exit-codes.js";

// This package's own directory (resolved, not a symlink): the backends it depends on are installed
// beside it, where a strict `node_modules` layout lets only this package find them.
const OWN_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * Where the CLI looks for backend packages: beside itself (the backends it is installed with) before the
 * working directory, and the `JOBSTORE_BACKENDS` of `env`.
 *
 * @example
 * ```ts
 * const schemes = await listInstalledSchemes(backendSearch(process.env));
 * ```
 * @public
 */
export function backendSearch(env: Readonly<Record<string, string | undefined>>): BackendSearchOptions {
  return { searchFrom: [OWN_DIR], env };
}

/**
 * Opens the store a locator names, without connecting: its scheme's backend is whichever installed
 * package declares it (see {@link backendSearch}). With `keyFile`, the store gets that encryption key
 * (see {@link readKeyFile}).
 *
 * @throws `JOBSTORE_INVALID_LOCATOR` for a malformed locator or an unknown scheme.
 * @example
 * ```ts
 * const store = await openByLocator("file:./jobstore");
 * await store.resume();
 * ```
 * @public
 */
export async function openByLocator(
  locator: string,
  keyFile?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<JobStore> {
  parseLocator(locator);
  const options = keyFile ? { encryptionKey: await readKeyFile(keyFile) } : {};
  return openJobStore(locator, options, backendSearch(env));
}

/**
 * Opens and resumes an existing store.
 *
 * @throws `JOBSTORE_INVALID_LOCATOR` for a bad locator; a {@link CliError} with exit code 3 when there is no store.
 * @example
 * ```ts
 * const store = await openExisting("memory:dev", signal);
 * ```
 * @public
 */
export async function openExisting(
  locator: string,
  signal?: AbortSignal,
  keyFile?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<JobStore> {
  const store = await openByLocator(locator, keyFile, env);
  try {
    await store.resume(signal ? { signal } : {});
    return store;
  } catch (err) {
    await store.close().catch(() => {});
    if (isJobStoreError(err, "JOBSTORE_NO_SUCH_STORE")) {
      throw new CliError(EXIT_CODES.NO_SUCH_STORE, `no job store at ${locator}`, { cause: err });
    }
    throw err;
  }
}

/**
 * Runs `fn` on an open store and closes the store whatever happens.
 *
 * @example
 * ```ts
 * const n = await withStore({ store: "file:./jobstore" }, signal, async (store) => countJobs(store));
 * ```
 * @public
 */
export async function withStore<T>(
  options: { store: string; keyFile?: string; env?: Readonly<Record<string, string | undefined>> },
  signal: AbortSignal | undefined,
  fn: (store: JobStore) => Promise<T>,
): Promise<T> {
  const store = await openExisting(options.store, signal, options.keyFile, options.env);
  try {
    return await fn(store);
  } finally {
    await store.close().catch(() => {});
  }
}
