/**
 * A small typed SimpleDB client shaped like an AWS SDK v3 client
 * (`client.send(new XCommand(input))`). AWS ships no SimpleDB client for SDK v3.
 *
 * @packageDocumentation
 */
export { SIMPLEDB_API_VERSION, SimpleDbClient, type SimpleDbClientConfig } from "./client.js";
export { type RequestParams, SimpleDbCommand } from "./command.js";
export * from "./commands/index.js";
export {
  memoizeCredentials,
  type SimpleDbCredentialProvider,
  type SimpleDbCredentials,
} from "./credentials.js";
export { ENDPOINT_ENV_VAR, resolveEndpoint, SIMPLEDB_REGION_HOSTS } from "./endpoints.js";
export * from "./error-codes.js";
export * from "./errors.js";
export {
  FetchHttpHandler,
  NodeHttpHandler,
  type NodeHttpHandlerOptions,
  type SimpleDbHttpRequest,
  type SimpleDbHttpResponse,
  type SimpleDbRequestHandler,
} from "./http-handler.js";
export { paginateListDomains, paginateSelect, type SimpleDbPaginationConfiguration } from "./pagination.js";
export {
  type AttemptOutcome,
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isRetryableOutcome,
  type RetryPolicy,
  type RetryState,
} from "./retry.js";
export {
  canonicalQuery,
  isoTimestamp,
  type SignV2Request,
  signRequest,
  signV2,
  stringToSign,
  uriEscape,
} from "./signer.js";
export type * from "./types.js";
export type { ParsedSuccess, XmlNode } from "./xml.js";
