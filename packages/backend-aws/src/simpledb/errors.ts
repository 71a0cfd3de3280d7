import type { SimpleDbErrorCode } from "./error-codes.js";
import type { ResponseMetadata } from "./types.js";

const BRAND = Symbol.for("@jobstore/backend-aws.SimpleDbServiceException");

/**
 * Metadata attached to every {@link SimpleDbServiceException}.
 *
 * @example
 * ```ts
 * if (isSimpleDbError(err)) console.log(err.$metadata.requestId, err.$metadata.attempts);
 * ```
 */
export interface SimpleDbErrorMetadata extends ResponseMetadata {}

/**
 * Constructor options of {@link SimpleDbServiceException}.
 *
 * @example
 * ```ts
 * new SimpleDbServiceException({ Code: "NoSuchDomain", message: "no", $metadata: { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 } });
 * ```
 */
export interface SimpleDbServiceExceptionOptions {
  /** The SimpleDB error code, e.g. `NoSuchDomain`; becomes `name` and `Code`. */
  Code: string;
  message: string;
  $metadata: SimpleDbErrorMetadata;
  BoxUsage?: number | undefined;
  /** Defaults to `true` for HTTP 500/503, `false` otherwise. */
  $retryable?: boolean;
  $mayHaveApplied?: boolean;
  cause?: unknown;
}

/**
 * Base class of every error the SimpleDB service (or a non-SimpleDB reply in
 * its place) returns. `name` and `Code` are the SimpleDB error code, so errors
 * can be told apart with `err.name === "NoSuchDomain"`, with
 * {@link isSimpleDbError}, or with `instanceof` on the exported subclasses.
 *
 * `instanceof` works across duplicate copies of this module because the class
 * checks a global brand rather than the prototype chain (the same fix the AWS
 * SDK v3 applies).
 *
 * @example
 * ```ts
 * try {
 *   await client.send(new GetAttributesCommand({ DomainName: "nope", ItemName: "a" }));
 * } catch (err) {
 *   if (err instanceof SimpleDbServiceException && err.Code === "NoSuchDomain") { ... }
 * }
 * ```
 */
export class SimpleDbServiceException extends Error {
  /** The SimpleDB error code (same as `name`). */
  readonly Code: string;
  /** `client` for 4xx, `server` for 5xx. */
  readonly $fault: "client" | "server";
  /** HTTP status, request id, attempts made and total backoff. */
  readonly $metadata: SimpleDbErrorMetadata;
  /** Machine time the failed request used, when SimpleDB reported it. */
  readonly BoxUsage: number | undefined;
  /** Whether the client's retry policy considers this error transient. */
  readonly $retryable: boolean;
  /**
   * `true` when this is a conditional-write failure (`ConditionalCheckFailed`
   * or `AttributeDoesNotExist`) answered on a retry, after an earlier attempt
   * of the same request ended with a 5xx or a network error. That earlier
   * attempt may have been applied, and the retry then fails only because of
   * it. Read the item back with `ConsistentRead: true` to decide.
   */
  $mayHaveApplied: boolean;

  constructor(options: SimpleDbServiceExceptionOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.Code;
    this.Code = options.Code;
    this.$metadata = options.$metadata;
    const status = options.$metadata.httpStatusCode ?? 0;
    this.$fault = status >= 500 ? "server" : "client";
    this.BoxUsage = options.BoxUsage;
    this.$retryable = options.$retryable ?? (status === 500 || status === 503);
    this.$mayHaveApplied = options.$mayHaveApplied ?? false;
    Object.defineProperty(this, BRAND, { value: true });
  }

  // `this` is the class on the right of `instanceof`; using it is the point here.
  // biome-ignore-start lint/complexity/noThisInStatic: dispatch on the receiving class
  static override [Symbol.hasInstance](instance: unknown): boolean {
    if (this === SimpleDbServiceException) {
      return (
        typeof instance === "object" &&
        instance !== null &&
        (instance as Record<symbol, unknown>)[BRAND] === true
      );
    }
    // Subclasses: the brand plus a matching code, so two copies still agree.
    const code = (this as unknown as { readonly code?: string }).code;
    if (code !== undefined && isSimpleDbError(instance)) return instance.Code === code;
    return Function.prototype[Symbol.hasInstance].call(this, instance);
  }
  // biome-ignore-end lint/complexity/noThisInStatic: dispatch on the receiving class
}

/**
 * Type guard for errors from this client, optionally narrowed to one code.
 * Prefer it over `instanceof` in code that only needs the code.
 *
 * @example
 * ```ts
 * if (isSimpleDbError(err, "ConditionalCheckFailed")) { reread(); }
 * ```
 */
export function isSimpleDbError(
  err: unknown,
  code?: SimpleDbErrorCode | (string & {}),
): err is SimpleDbServiceException {
  if (typeof err !== "object" || err === null || (err as Record<symbol, unknown>)[BRAND] !== true)
    return false;
  return code === undefined || (err as SimpleDbServiceException).Code === code;
}

/**
 * Thrown when the caller's `abortSignal` fires: before the request, while it
 * is in flight, or during a backoff sleep. `name` is `AbortError` (the web
 * convention); `cause` is the signal's reason.
 *
 * @example
 * ```ts
 * const ac = new AbortController();
 * const p = client.send(new ListDomainsCommand({}), { abortSignal: ac.signal });
 * ac.abort();
 * await p; // rejects with SimpleDbAbortError
 * ```
 */
export class SimpleDbAbortError extends Error {
  override readonly name = "AbortError";
  /**
   * `true` when a write action was aborted after at least one attempt had
   * been handed to the transport: the server may have applied it.
   */
  $mayHaveApplied = false;
  constructor(reason?: unknown) {
    super("The SimpleDB request was aborted", reason === undefined ? undefined : { cause: reason });
  }
}

/**
 * Thrown when a request failed at the transport level (connection refused or
 * reset, timeout, truncated body) on every attempt. `cause` is the last
 * low-level error. `$mayHaveApplied` is `true` when the request reached the
 * network at least once, since the server may have applied it.
 *
 * @example
 * ```ts
 * catch (err) { if (err instanceof SimpleDbNetworkError) retryLater(); }
 * ```
 */
export class SimpleDbNetworkError extends Error {
  override readonly name = "SimpleDbNetworkError";
  readonly $metadata: SimpleDbErrorMetadata;
  readonly $retryable = true;
  $mayHaveApplied: boolean;
  constructor(message: string, $metadata: SimpleDbErrorMetadata, cause: unknown, mayHaveApplied = true) {
    super(message, { cause });
    this.$metadata = $metadata;
    this.$mayHaveApplied = mayHaveApplied;
  }
}
