import { resolve } from "node:path";
import { copyEncryptionKey, defineCapabilities, type JobStoreBackend } from "@jobstore/core";
import type { StoreContext } from "./context.js";
import { BACKEND_NAME, fileError, guardBackend } from "./errors.js";
import type { FileBackendOptions } from "./file-backend-options.js";
import { fileMethods } from "./sections/files.js";
import { jobMethods } from "./sections/jobs.js";
import { lifecycleMethods } from "./sections/lifecycle.js";
import { listingMethods } from "./sections/listing.js";
import { localPathMethods } from "./sections/local-paths.js";
import { logMethods } from "./sections/logs.js";
import { sharedFileMethods } from "./sections/shared-files.js";
import { urlMethods } from "./sections/urls.js";
import { nodeFs } from "./storage/fs-api.js";
import { keyFingerprint } from "./storage/key-fingerprint.js";
import { layoutOf } from "./storage/layout.js";
import { MAX_ID_BYTES } from "./storage/limits.js";

const DEFAULT_LEFTOVER_AGE_MS = 15 * 60 * 1000;

// Content up to this size lives inside its record: one new file per write instead of two. Creating a file
// (allocating an inode) is the costliest call of a small write, far above copying 64 KiB.
const DEFAULT_INLINE_LIMIT = 64 * 1024;
// Records are read whole before a read returns; beyond this inlining stops paying for itself.
const MAX_INLINE_LIMIT = 1024 * 1024;

/**
 * Creates a file backend: a job store in one directory of a local or shared file system, usable by many
 * processes (and hosts) at once. Wrap it with `createJobStore`, or open it as `file:<path>` with
 * `openJobStore`.
 *
 * @remarks
 * - Every job, file version, shared file, log message and the config is written to a temp file inside
 *   the store and renamed into place: a process killed at any instruction leaves the old or the new
 *   version, never half of one. Temp files of dead processes are reclaimed on `resume`, reported by
 *   `findLeftovers`, and gone with `destroy`.
 * - File contents are immutable versions named by a fresh token; a small record per file names the
 *   current one and is switched by rename after an exclusive `link(2)` claim of its successor, so of two
 *   processes overwriting one file exactly one wins and the other gets
 *   `JOBSTORE_CONCURRENT_MODIFICATION`. Jobs are last writer wins, never torn.
 * - SHA-256 recorded on write, verified by every read that copies or streams
 *   (`JOBSTORE_CHECKSUM_MISMATCH`).
 * - `readFile` to a path hard-links the immutable content version by default (as Toil does): the caller
 *   must not modify the file it got. `symlink: true` makes a symbolic link.
 * - Nothing outside the directory is ever touched: every ID and name maps to one safe file name.
 *
 * @param options - the directory, and optionally a key, `sync`, `hardLinkReads`, `leftoverAgeMs`.
 * @returns a plain {@link @jobstore/core!JobStoreBackend}.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` for an empty path or one with
 * NUL; `TypeError`/`RangeError` for a key that is not 32 bytes.
 * @example
 * ```ts
 * const store = createJobStore(createFileBackend({ path: "./my-run" }));
 * await store.initialize();
 * // another process:
 * const again = createJobStore(createFileBackend({ path: "./my-run" }));
 * await again.resume();
 * ```
 * @public
 */
export function createFileBackend(options: FileBackendOptions): JobStoreBackend {
  const path = options?.path;
  if (typeof path !== "string" || path === "" || path.includes("\0")) {
    throw fileError("JOBSTORE_INVALID_LOCATOR", `invalid file store path ${JSON.stringify(path)}`);
  }
  const key = copyEncryptionKey(options.encryptionKey);
  const leftoverAgeMs = options.leftoverAgeMs ?? DEFAULT_LEFTOVER_AGE_MS;
  if (!Number.isFinite(leftoverAgeMs) || leftoverAgeMs < 0) {
    throw new RangeError(`leftoverAgeMs must be a non-negative number, got ${leftoverAgeMs}`);
  }
  const inlineLimit = options.inlineLimit ?? DEFAULT_INLINE_LIMIT;
  if (!Number.isInteger(inlineLimit) || inlineLimit < 0 || inlineLimit > MAX_INLINE_LIMIT) {
    throw new RangeError(`inlineLimit must be an integer from 0 to ${MAX_INLINE_LIMIT}, got ${inlineLimit}`);
  }
  const ctx: StoreContext = {
    layout: layoutOf(resolve(path)),
    fs: options.fs ?? nodeFs,
    key,
    keyId: key && keyFingerprint(key),
    sync: options.sync === true,
    hardLinkReads: options.hardLinkReads !== false,
    leftoverAgeMs,
    inlineLimit,
    minted: new Set(),
    fsKind: { atomicLookups: false },
  };

  return guardBackend({
    name: BACKEND_NAME,
    capabilities: defineCapabilities({
      batchCreate: true,
      encryption: key !== undefined,
      publicUrls: "file",
      inlineFileLimit: inlineLimit,
      partSize: 0,
      deleteBatchSize: 1,
      jobChunkSize: 0,
      overlargeJobThreshold: 0,
      maxPublicUrlSeconds: 0,
      importSchemes: ["file"],
      exportSchemes: ["file"],
      maxIdBytes: MAX_ID_BYTES,
      maxSharedNameBytes: 255,
    }),
    ...lifecycleMethods(ctx),
    ...jobMethods(ctx),
    ...fileMethods(ctx),
    ...localPathMethods(ctx),
    ...sharedFileMethods(ctx),
    ...logMethods(ctx),
    ...listingMethods(ctx),
    ...urlMethods(ctx),
  });
}
