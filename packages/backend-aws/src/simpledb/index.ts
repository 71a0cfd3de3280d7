/**
 * A small typed SimpleDB client shaped like an AWS SDK v3 client
 * (`client.send(new XCommand(input))`). AWS ships no SimpleDB client for SDK v3.
 *
 * @packageDocumentation
 */
export { SimpleDbClient, SIMPLEDB_API_VERSION, type SimpleDbClientConfig } from "./client.js";
export { SimpleDbCommand, type RequestParams } from "./command.js";
export * from "./commands/index.js";
export { memoizeCredentials, type SimpleDbCredentialProvider, type SimpleDbCredentials } from "./credentials.js";
export { ENDPOINT_ENV_VAR, SIMPLEDB_REGION_HOSTS, resolveEndpoint } from "./endpoints.js";
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
  DEFAULT_RETRY_POLICY,
  backoffDelay,
  decideRetry,
  isRetryableOutcome,
  type AttemptOutcome,
  type RetryPolicy,
  type RetryState,
} from "./retry.js";
export { canonicalQuery, isoTimestamp, signV2, stringToSign, uriEscape, type SignV2Request } from "./signer.js";
export type * from "./types.js";
