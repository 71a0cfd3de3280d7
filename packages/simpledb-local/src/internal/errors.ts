/**
 * HTTP status for every SimpleDB error code the emulator can emit.
 *
 * @remarks Taken from the SimpleDB API error table; `NoSuchDomain` really is 400, not 404.
 * @example
 * ```ts
 * ERROR_STATUS.ConditionalCheckFailed; // 409
 * ```
 * @internal
 */
export const ERROR_STATUS: Readonly<Record<string, number>> = {
  AccessFailure: 403,
  AttributeDoesNotExist: 404,
  AuthFailure: 403,
  AuthMissingFailure: 403,
  ConditionalCheckFailed: 409,
  DuplicateItemName: 400,
  ExistsAndExpectedValue: 400,
  FeatureDeprecated: 400,
  IncompleteExpectedExpression: 400,
  IncompleteSignature: 400,
  InternalError: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidNextToken: 400,
  InvalidNumberPredicates: 400,
  InvalidNumberValueTests: 400,
  InvalidParameterValue: 400,
  InvalidQueryExpression: 400,
  InvalidSortExpression: 400,
  MissingAction: 400,
  MissingParameter: 400,
  MultipleExistsConditions: 400,
  MultipleExpectedNames: 400,
  MultipleExpectedValues: 400,
  MultiValuedAttribute: 409,
  NoSuchDomain: 400,
  NoSuchVersion: 400,
  NumberDomainAttributesExceeded: 409,
  NumberDomainBytesExceeded: 409,
  NumberDomainsExceeded: 409,
  NumberItemAttributesExceeded: 409,
  NumberSubmittedAttributesExceeded: 409,
  NumberSubmittedItemsExceeded: 409,
  RequestExpired: 400,
  RequestTimeout: 408,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 403,
  TooManyRequestedAttributes: 400,
  UnsupportedHttpVerb: 400,
  URITooLong: 400,
};

/**
 * A SimpleDB error that the request pipeline turns into an `<Response><Errors>` body.
 *
 * @example
 * ```ts
 * throw new SdbError("NoSuchDomain", "The specified domain does not exist.");
 * ```
 * @internal
 */
export class SdbError extends Error {
  /** HTTP status sent with the error body. */
  readonly status: number;

  constructor(
    readonly code: string,
    message: string,
    status?: number,
  ) {
    super(message);
    this.name = "SdbError";
    this.status = status ?? ERROR_STATUS[code] ?? 400;
  }
}

/**
 * Builds the `MissingParameter` error AWS returns for an absent required parameter.
 *
 * @example
 * ```ts
 * throw missingParameter("DomainName");
 * ```
 * @internal
 */
export function missingParameter(name: string): SdbError {
  return new SdbError("MissingParameter", `The request must contain the parameter ${name}`);
}

/**
 * Builds the `InvalidParameterValue` error in AWS's "Value (x) for parameter P is invalid." form.
 *
 * @example
 * ```ts
 * throw invalidParameter("DomainName", "a", "Length must be at least 3.");
 * ```
 * @internal
 */
export function invalidParameter(name: string, value: string, detail?: string): SdbError {
  const suffix = detail === undefined ? "" : ` ${detail}`;
  return new SdbError("InvalidParameterValue", `Value (${value}) for parameter ${name} is invalid.${suffix}`);
}

/**
 * The `NoSuchDomain` error (HTTP 400, as on AWS).
 *
 * @example
 * ```ts
 * throw noSuchDomain();
 * ```
 * @internal
 */
export function noSuchDomain(): SdbError {
  return new SdbError("NoSuchDomain", "The specified domain does not exist.");
}
