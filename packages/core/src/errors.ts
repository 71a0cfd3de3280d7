/**
 * Every error code a {@link JobStoreError} can carry. Codes are stable across releases; messages are not,
 * so callers (and tests) branch on the code only.
 *
 * @public
 */
export const JOBSTORE_ERROR_CODES = [
  "JOBSTORE_NO_SUCH_JOB",
  "JOBSTORE_NO_SUCH_FILE",
  "JOBSTORE_CONCURRENT_MODIFICATION",
  "JOBSTORE_EXISTS",
  "JOBSTORE_NO_SUCH_STORE",
  "JOBSTORE_INVALID_LOCATOR",
  "JOBSTORE_INVALID_NAME",
  "JOBSTORE_CHECKSUM_MISMATCH",
  "JOBSTORE_ENCRYPTION",
  "JOBSTORE_NOT_OPEN",
  "JOBSTORE_CLOSED",
  "JOBSTORE_NOT_SUPPORTED",
  "JOBSTORE_ABORTED",
  "JOBSTORE_UNAVAILABLE",
  "JOBSTORE_BUCKET_REGION_CONFLICT",
] as const;

/**
 * A stable error code; see {@link JOBSTORE_ERROR_CODES}.
 *
 * @public
 */
export type JobStoreErrorCode = (typeof JOBSTORE_ERROR_CODES)[number];

/** Codes whose failures may succeed when the same call is simply made again. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<JobStoreErrorCode> = new Set(["JOBSTORE_UNAVAILABLE"]);

// A global symbol, not a module-local one, so that two copies of @jobstore/core (duplicate installs)
// still recognise each other's errors.
const BRAND = Symbol.for("@jobstore/core.JobStoreError");

/**
 * Options for {@link JobStoreError}.
 *
 * @public
 */
export interface JobStoreErrorOptions {
  /** The underlying error (an SDK exception, a file system error, ...). */
  cause?: unknown;
  /** Overrides the default: only `JOBSTORE_UNAVAILABLE` is retryable unless said otherwise. */
  retryable?: boolean;
  /** The name of the backend that raised the error, e.g. `"memory"` or `"aws"`. */
  backend?: string;
}

/**
 * The one error class of the job store. Branch on {@link JobStoreError.code}, never on the message.
 *
 * @remarks
 * Check errors with {@link isJobStoreError} rather than `instanceof`, which fails when two copies of
 * `@jobstore/core` are installed.
 *
 * @example
 * ```ts
 * try {
 *   await store.loadJob(id);
 * } catch (err) {
 *   if (isJobStoreError(err, "JOBSTORE_NO_SUCH_JOB")) return undefined;
 *   throw err;
 * }
 * ```
 * @public
 */
export class JobStoreError extends Error {
  /** The stable code. */
  readonly code: JobStoreErrorCode;
  /** Whether making the same call again may succeed (network trouble, throttling, a server fault). */
  readonly retryable: boolean;
  /** The backend that raised the error, when known. */
  readonly backend: string | undefined;

  constructor(code: JobStoreErrorCode, message: string, options: JobStoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code === "JOBSTORE_ABORTED" ? "AbortError" : "JobStoreError";
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.backend = options.backend;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Tells whether `err` is a {@link JobStoreError}, optionally with the given code. Works across duplicate
 * installs of `@jobstore/core`.
 *
 * @example
 * ```ts
 * if (isJobStoreError(err, "JOBSTORE_CONCURRENT_MODIFICATION")) retry();
 * ```
 * @public
 */
export function isJobStoreError(err: unknown, code?: JobStoreErrorCode): err is JobStoreError {
  if (typeof err !== "object" || err === null || (err as Record<symbol, unknown>)[BRAND] !== true) {
    return false;
  }
  return code === undefined || (err as JobStoreError).code === code;
}

/**
 * The error a call rejects with when its `signal` was aborted.
 *
 * @example
 * ```ts
 * if (signal?.aborted) throw abortError(signal);
 * ```
 * @public
 */
export function abortError(signal?: AbortSignal): JobStoreError {
  return new JobStoreError("JOBSTORE_ABORTED", "the operation was aborted", { cause: signal?.reason });
}

/**
 * Rejects with `JOBSTORE_ABORTED` when `signal` is already aborted; a cheap check before any I/O.
 *
 * @throws {@link JobStoreError} `JOBSTORE_ABORTED`
 * @example
 * ```ts
 * throwIfAborted(options.signal);
 * ```
 * @public
 */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}
