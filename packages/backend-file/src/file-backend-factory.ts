import type { JobStoreBackend, OpenJobStoreOptions } from "@jobstore/core";
import { fileError } from "./errors.js";
import { createFileBackend } from "./file-backend.js";
import type { FileBackendOptions } from "./file-backend-options.js";
import { threadPoolFs } from "./storage/fs-api.js";

/**
 * The locator factory of the `file:` scheme: `openJobStore("file:<path>", options)` calls it with
 * `<path>` (relative paths resolve against the current directory; `file:///abs` works too). Options:
 * `encryptionKey`, `sync`, `hardLinkReads`, `leftoverAgeMs` (see {@link FileBackendOptions}), and
 * `io: "threadpool"` for {@link threadPoolFs} (default `"direct"`: `directFs`).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` for a path with a NUL byte.
 * @example
 * ```ts
 * const store = await openJobStore("file:./my-run", { sync: true });
 * ```
 * @public
 */
export function fileBackendFactory(rest: string, options: OpenJobStoreOptions = {}): JobStoreBackend {
  if (rest.includes("\0")) {
    throw fileError(
      "JOBSTORE_INVALID_LOCATOR",
      `invalid locator "file:${rest.replaceAll("\0", "\\0")}": the path has a NUL byte`,
    );
  }
  const key = options.encryptionKey;
  if (key !== undefined && !(key instanceof Uint8Array)) {
    throw new TypeError("openJobStore: encryptionKey must be a Uint8Array of 32 bytes");
  }
  const pick: Partial<FileBackendOptions> = {};
  if (key) pick.encryptionKey = key;
  if (options.sync !== undefined) pick.sync = options.sync === true;
  if (options.hardLinkReads !== undefined) pick.hardLinkReads = options.hardLinkReads !== false;
  if (typeof options.leftoverAgeMs === "number") pick.leftoverAgeMs = options.leftoverAgeMs;
  if (typeof options.inlineLimit === "number") pick.inlineLimit = options.inlineLimit;
  if (options.io === "threadpool") pick.fs = threadPoolFs;
  else if (options.io !== undefined && options.io !== "direct") {
    throw new TypeError(
      `openJobStore: io must be "direct" or "threadpool", got ${JSON.stringify(options.io)}`,
    );
  }
  return createFileBackend({ ...pick, path: rest });
}
