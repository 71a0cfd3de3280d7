/**
 * A small typed SimpleDB client shaped like an AWS SDK v3 client
 * (`client.send(new XCommand(input))`). AWS ships no SimpleDB client for SDK v3.
 *
 * @packageDocumentation
 */
export * from "./commands/index.js";
export {
  memoizeCredentials,
  type SimpleDbCredentialProvider,
  type SimpleDbCredentials,
} from "./credentials.js";
export { ENDPOINT_ENV_VAR, resolveEndpoint, SIMPLEDB_REGION_HOSTS } from "./endpoints.js";
export * from "./errors.js";
export * from "./pagination/index.js";
export {
  FetchHttpHandler,
  NodeHttpHandler,
  type NodeHttpHandlerOptions,
  type SimpleDbHttpRequest,
  type SimpleDbHttpResponse,
  type SimpleDbRequestHandler,
} from "./protocol/http-handler.js";
export type { RequestParams } from "./protocol/query.js";
export type { ParsedSuccess, XmlNode } from "./protocol/xml.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry.js";
export { SIMPLEDB_API_VERSION, SimpleDbClient, type SimpleDbClientConfig } from "./simpledb-client.js";
export { SimpleDbCommand } from "./simpledb-command.js";
export type * from "./types.js";
