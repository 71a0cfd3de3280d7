import { isJobStoreError, type JobStore, openJobStore, parseLocator } from "@jobstore/core";
import { CliError } from "./cli-error.js";
import { readKeyFile } from "./encryption-key.js";
import { EXIT_CODES } from "./exit-codes.js";

// The backends this package ships with, imported only when a locator names their scheme: importing
// registers them, and keeping it lazy spares `file:` users the AWS SDK's load time.
const BUNDLED: Record<string, () => Promise<unknown>> = {
  memory: () => import("@jobstore/backend-memory"),
  file: () => import("@jobstore/backend-file"),
  aws: () => import("@jobstore/backend-aws"),
  s3: () => import("@jobstore/backend-aws"),
};

/**
 * Opens the store a locator names, without connecting: the bundled backend of its scheme is loaded first
 * (other schemes are found by `openJobStore` itself). With `keyFile`, the store gets that encryption key
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
export async function openByLocator(locator: string, keyFile?: string): Promise<JobStore> {
  const { scheme } = parseLocator(locator);
  const options = keyFile ? { encryptionKey: await readKeyFile(keyFile) } : {};
  await BUNDLED[scheme]?.();
  return openJobStore(locator, options);
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
): Promise<JobStore> {
  const store = await openByLocator(locator, keyFile);
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
  options: { store: string; keyFile?: string },
  signal: AbortSignal | undefined,
  fn: (store: JobStore) => Promise<T>,
): Promise<T> {
  const store = await openExisting(options.store, signal, options.keyFile);
  try {
    return await fn(store);
  } finally {
    await store.close().catch(() => {});
  }
}
