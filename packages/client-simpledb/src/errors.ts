import type { ResponseMetadata } from "./types.js";

const BRAND = Symbol.for("@jobstore/client-simpledb.SimpleDbServiceException");

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

// One subclass per important SimpleDB error code (reference §3.2), so callers
// can use `instanceof` as with AWS SDK v3 modelled errors.

/**
 * SimpleDB error codes with a dedicated exception class (reference §3.2).
 *
 * @example
 * ```ts
 * const code: SimpleDbErrorCode = "ConditionalCheckFailed";
 * ```
 */
export type SimpleDbErrorCode =
  | "NoSuchDomain"
  | "ConditionalCheckFailed"
  | "AttributeDoesNotExist"
  | "MultiValuedAttribute"
  | "InvalidParameterValue"
  | "MissingParameter"
  | "NumberDomainsExceeded"
  | "NumberItemAttributesExceeded"
  | "NumberDomainAttributesExceeded"
  | "NumberDomainBytesExceeded"
  | "NumberSubmittedItemsExceeded"
  | "NumberSubmittedAttributesExceeded"
  | "DuplicateItemName"
  | "InvalidNextToken"
  | "InvalidQueryExpression"
  | "InvalidSortExpression"
  | "RequestTimeout"
  | "ServiceUnavailable"
  | "InternalError"
  | "AuthFailure"
  | "SignatureDoesNotMatch"
  | "InvalidClientTokenId";

type CodedClass = (new (
  options: SimpleDbServiceExceptionOptions,
) => SimpleDbServiceException) & { readonly code: string };

function coded<C extends SimpleDbErrorCode>(code: C): CodedClass {
  return class extends SimpleDbServiceException {
    static readonly code: string = code;
  };
}

/**
 * `NoSuchDomain` (HTTP 400): the domain does not exist.
 *
 * @example
 * ```ts
 * if (err instanceof NoSuchDomainException) handle(err.Code); // "NoSuchDomain"
 * ```
 */
export class NoSuchDomainException extends coded("NoSuchDomain") {}
/**
 * `ConditionalCheckFailed` (409): `Expected` value differs, or `Exists: false` but the attribute exists. See `$mayHaveApplied`.
 *
 * @example
 * ```ts
 * if (err instanceof ConditionalCheckFailedException) handle(err.Code); // "ConditionalCheckFailed"
 * ```
 */
export class ConditionalCheckFailedException extends coded("ConditionalCheckFailed") {}
/**
 * `AttributeDoesNotExist` (404): `Expected.Value` given but the attribute (or item) is absent. See `$mayHaveApplied`.
 *
 * @example
 * ```ts
 * if (err instanceof AttributeDoesNotExistException) handle(err.Code); // "AttributeDoesNotExist"
 * ```
 */
export class AttributeDoesNotExistException extends coded("AttributeDoesNotExist") {}
/**
 * `MultiValuedAttribute` (409): the condition's attribute has several values.
 *
 * @example
 * ```ts
 * if (err instanceof MultiValuedAttributeException) handle(err.Code); // "MultiValuedAttribute"
 * ```
 */
export class MultiValuedAttributeException extends coded("MultiValuedAttribute") {}
/**
 * `InvalidParameterValue` (400): bad name, value, length, boolean or range.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidParameterValueException) handle(err.Code); // "InvalidParameterValue"
 * ```
 */
export class InvalidParameterValueException extends coded("InvalidParameterValue") {}
/**
 * `MissingParameter` (400): a required parameter is missing.
 *
 * @example
 * ```ts
 * if (err instanceof MissingParameterException) handle(err.Code); // "MissingParameter"
 * ```
 */
export class MissingParameterException extends coded("MissingParameter") {}
/**
 * `NumberDomainsExceeded` (409): the account's domain quota is used up.
 *
 * @example
 * ```ts
 * if (err instanceof NumberDomainsExceededException) handle(err.Code); // "NumberDomainsExceeded"
 * ```
 */
export class NumberDomainsExceededException extends coded("NumberDomainsExceeded") {}
/**
 * `NumberItemAttributesExceeded` (409): an item would exceed 256 pairs.
 *
 * @example
 * ```ts
 * if (err instanceof NumberItemAttributesExceededException) handle(err.Code); // "NumberItemAttributesExceeded"
 * ```
 */
export class NumberItemAttributesExceededException extends coded("NumberItemAttributesExceeded") {}
/**
 * `NumberDomainAttributesExceeded` (409): the domain would exceed its pair limit.
 *
 * @example
 * ```ts
 * if (err instanceof NumberDomainAttributesExceededException) handle(err.Code); // "NumberDomainAttributesExceeded"
 * ```
 */
export class NumberDomainAttributesExceededException extends coded("NumberDomainAttributesExceeded") {}
/**
 * `NumberDomainBytesExceeded` (409): the domain would exceed 10 GB.
 *
 * @example
 * ```ts
 * if (err instanceof NumberDomainBytesExceededException) handle(err.Code); // "NumberDomainBytesExceeded"
 * ```
 */
export class NumberDomainBytesExceededException extends coded("NumberDomainBytesExceeded") {}
/**
 * `NumberSubmittedItemsExceeded` (409): more than 25 items in a batch.
 *
 * @example
 * ```ts
 * if (err instanceof NumberSubmittedItemsExceededException) handle(err.Code); // "NumberSubmittedItemsExceeded"
 * ```
 */
export class NumberSubmittedItemsExceededException extends coded("NumberSubmittedItemsExceeded") {}
/**
 * `NumberSubmittedAttributesExceeded` (409): more than 256 attributes for one item in one call.
 *
 * @example
 * ```ts
 * if (err instanceof NumberSubmittedAttributesExceededException) handle(err.Code); // "NumberSubmittedAttributesExceeded"
 * ```
 */
export class NumberSubmittedAttributesExceededException extends coded("NumberSubmittedAttributesExceeded") {}
/**
 * `DuplicateItemName` (400): the same item twice in one batch.
 *
 * @example
 * ```ts
 * if (err instanceof DuplicateItemNameException) handle(err.Code); // "DuplicateItemName"
 * ```
 */
export class DuplicateItemNameException extends coded("DuplicateItemName") {}
/**
 * `InvalidNextToken` (400): a bad or stale pagination token.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidNextTokenException) handle(err.Code); // "InvalidNextToken"
 * ```
 */
export class InvalidNextTokenException extends coded("InvalidNextToken") {}
/**
 * `InvalidQueryExpression` (400): Select syntax error.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidQueryExpressionException) handle(err.Code); // "InvalidQueryExpression"
 * ```
 */
export class InvalidQueryExpressionException extends coded("InvalidQueryExpression") {}
/**
 * `InvalidSortExpression` (400): sort attribute not constrained by a predicate.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidSortExpressionException) handle(err.Code); // "InvalidSortExpression"
 * ```
 */
export class InvalidSortExpressionException extends coded("InvalidSortExpression") {}
/**
 * `RequestTimeout` (408): a Select ran too long. Not retried automatically.
 *
 * @example
 * ```ts
 * if (err instanceof RequestTimeoutException) handle(err.Code); // "RequestTimeout"
 * ```
 */
export class RequestTimeoutException extends coded("RequestTimeout") {}
/**
 * `ServiceUnavailable` (503): throttling; retried automatically.
 *
 * @example
 * ```ts
 * if (err instanceof ServiceUnavailableException) handle(err.Code); // "ServiceUnavailable"
 * ```
 */
export class ServiceUnavailableException extends coded("ServiceUnavailable") {}
/**
 * `InternalError` (500): server fault; retried automatically.
 *
 * @example
 * ```ts
 * if (err instanceof InternalErrorException) handle(err.Code); // "InternalError"
 * ```
 */
export class InternalErrorException extends coded("InternalError") {}
/**
 * `AuthFailure` (401/403): credentials could not be validated.
 *
 * @example
 * ```ts
 * if (err instanceof AuthFailureException) handle(err.Code); // "AuthFailure"
 * ```
 */
export class AuthFailureException extends coded("AuthFailure") {}
/**
 * `SignatureDoesNotMatch` (403): the request signature was rejected.
 *
 * @example
 * ```ts
 * if (err instanceof SignatureDoesNotMatchException) handle(err.Code); // "SignatureDoesNotMatch"
 * ```
 */
export class SignatureDoesNotMatchException extends coded("SignatureDoesNotMatch") {}
/**
 * `InvalidClientTokenId` (403): unknown access key.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidClientTokenIdException) handle(err.Code); // "InvalidClientTokenId"
 * ```
 */
export class InvalidClientTokenIdException extends coded("InvalidClientTokenId") {}

const CLASSES: Readonly<Record<string, CodedClass>> = {
  NoSuchDomain: NoSuchDomainException,
  ConditionalCheckFailed: ConditionalCheckFailedException,
  AttributeDoesNotExist: AttributeDoesNotExistException,
  MultiValuedAttribute: MultiValuedAttributeException,
  InvalidParameterValue: InvalidParameterValueException,
  MissingParameter: MissingParameterException,
  NumberDomainsExceeded: NumberDomainsExceededException,
  NumberItemAttributesExceeded: NumberItemAttributesExceededException,
  NumberDomainAttributesExceeded: NumberDomainAttributesExceededException,
  NumberDomainBytesExceeded: NumberDomainBytesExceededException,
  NumberSubmittedItemsExceeded: NumberSubmittedItemsExceededException,
  NumberSubmittedAttributesExceeded: NumberSubmittedAttributesExceededException,
  DuplicateItemName: DuplicateItemNameException,
  InvalidNextToken: InvalidNextTokenException,
  InvalidQueryExpression: InvalidQueryExpressionException,
  InvalidSortExpression: InvalidSortExpressionException,
  RequestTimeout: RequestTimeoutException,
  ServiceUnavailable: ServiceUnavailableException,
  InternalError: InternalErrorException,
  AuthFailure: AuthFailureException,
  SignatureDoesNotMatch: SignatureDoesNotMatchException,
  InvalidClientTokenId: InvalidClientTokenIdException,
};

/**
 * Builds the most specific exception class for a code; unknown codes get the
 * base class. Used by the client; exported for tests and custom handlers.
 *
 * @example
 * ```ts
 * const e = createServiceException({ Code: "NoSuchDomain", message: "x", $metadata: { httpStatusCode: 400 } });
 * e instanceof NoSuchDomainException; // true
 * ```
 */
export function createServiceException(options: SimpleDbServiceExceptionOptions): SimpleDbServiceException {
  // hasOwn: a code such as "constructor" must not pick up Object.prototype members.
  const Cls = Object.hasOwn(CLASSES, options.Code) ? CLASSES[options.Code] : undefined;
  if (Cls === undefined) return new SimpleDbServiceException(options);
  return new Cls(options);
}
