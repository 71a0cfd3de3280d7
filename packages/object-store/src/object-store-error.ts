/**
 * How an adapter classifies a failure, once, so that the generic backend never reads an SDK's error:
 * - `"missing"`: the key (or upload) does not exist where the operation needs it to;
 * - `"no-container"`: the container itself is gone (the store was destroyed);
 * - `"condition"`: a condition was lost where the operation cannot return it as a value;
 * - `"transient"`: throttled, timed out, 5xx, or the connection failed: a retry may succeed;
 * - `"auth"`: credentials missing, refused or expired;
 * - `"invalid"`: the service refused the request's own values (a container name, a region/location);
 * - `"unsupported"`: the service lacks the operation or feature;
 * - `"aborted"`: the caller's signal fired;
 * - `"other"`: anything else (a programming error, an unexpected reply): never retried.
 *
 * @public
 */
export type ObjectErrorKind =
  | "missing"
  | "no-container"
  | "condition"
  | "transient"
  | "auth"
  | "invalid"
  | "unsupported"
  | "aborted"
  | "other";

const KINDS: ReadonlySet<string> = new Set<ObjectErrorKind>([
  "missing",
  "no-container",
  "condition",
  "transient",
  "auth",
  "invalid",
  "unsupported",
  "aborted",
  "other",
]);

/**
 * The one error an {@link ObjectStore} rejects with: the adapter's classification of the service's (or
 * SDK's) error, which it keeps as `cause`. Where the adapter knows a more precise job-store error (e.g.
 * `JOBSTORE_BUCKET_REGION_CONFLICT`), it makes that `JobStoreError` the `cause`: the backend reports it as is.
 *
 * @example
 * ```ts
 * throw new ObjectStoreError("transient", "read meta/jobs/a: SlowDown", { cause: err, status: 503 });
 * ```
 * @public
 */
export class ObjectStoreError extends Error {
  /** What kind of failure it is. */
  readonly kind: ObjectErrorKind;
  /** The HTTP status the service answered, when it answered. */
  readonly status: number | undefined;

  /**
   * @param kind - the classification
   * @param message - what failed, with the key or container
   * @param options - the service's error and HTTP status
   */
  constructor(kind: ObjectErrorKind, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ObjectStoreError";
    this.kind = kind;
    this.status = options.status;
  }
}

/**
 * Whether `err` is an {@link ObjectStoreError} (of `kind`, when given); works across duplicate installs.
 *
 * @example
 * ```ts
 * if (isObjectStoreError(err, "transient")) retryLater();
 * ```
 * @public
 */
export function isObjectStoreError(err: unknown, kind?: ObjectErrorKind): err is ObjectStoreError {
  const e = err as { name?: unknown; kind?: unknown } | null;
  if (typeof e !== "object" || e === null || e.name !== "ObjectStoreError") return false;
  if (typeof e.kind !== "string" || !KINDS.has(e.kind)) return false;
  return kind === undefined || e.kind === kind;
}
