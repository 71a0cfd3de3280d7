/**
 * The regions that have a SimpleDB endpoint (reference §1.1). Newer regions
 * have none, so an unknown region is an error rather than a guessed host.
 *
 * @example
 * ```ts
 * SIMPLEDB_REGION_HOSTS["eu-west-1"]; // "sdb.eu-west-1.amazonaws.com"
 * ```
 */
export const SIMPLEDB_REGION_HOSTS: Readonly<Record<string, string>> = Object.freeze({
  "us-east-1": "sdb.amazonaws.com",
  "us-west-1": "sdb.us-west-1.amazonaws.com",
  "us-west-2": "sdb.us-west-2.amazonaws.com",
  "eu-west-1": "sdb.eu-west-1.amazonaws.com",
  "ap-southeast-1": "sdb.ap-southeast-1.amazonaws.com",
  "ap-southeast-2": "sdb.ap-southeast-2.amazonaws.com",
  "ap-northeast-1": "sdb.ap-northeast-1.amazonaws.com",
  "sa-east-1": "sdb.sa-east-1.amazonaws.com",
});

/**
 * Environment variable that overrides the regional endpoint (AWS naming convention).
 *
 * @example
 * ```ts
 * process.env[ENDPOINT_ENV_VAR] = "http://127.0.0.1:8090";
 * ```
 */
export const ENDPOINT_ENV_VAR = "AWS_ENDPOINT_URL_SIMPLEDB";

/**
 * Resolves the endpoint URL. Precedence: the `endpoint` option, then
 * `AWS_ENDPOINT_URL_SIMPLEDB`, then the region table (HTTPS).
 *
 * @example
 * ```ts
 * resolveEndpoint({ region: "eu-west-1" }).href; // "https://sdb.eu-west-1.amazonaws.com/"
 * resolveEndpoint({ region: "us-east-1", endpoint: "http://127.0.0.1:8090" }).host; // "127.0.0.1:8090"
 * ```
 */
export function resolveEndpoint(options: {
  region?: string | undefined;
  endpoint?: string | URL | undefined;
  env?: Readonly<Record<string, string | undefined>>;
}): URL {
  const env = options.env ?? process.env;
  const explicit = options.endpoint ?? (env[ENDPOINT_ENV_VAR] || undefined);
  if (explicit !== undefined) {
    const url = new URL(String(explicit));
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`SimpleDB endpoint must be http(s): ${url.href}`);
    }
    // SigV2 signs the path; SimpleDB's is "/". A query string would be
    // neither signed nor meaningful.
    url.search = "";
    url.hash = "";
    return url;
  }
  if (options.region === undefined || options.region === "") {
    throw new TypeError("SimpleDbClient needs a region or an endpoint");
  }
  const host = SIMPLEDB_REGION_HOSTS[options.region];
  if (host === undefined) {
    throw new TypeError(
      `SimpleDB has no endpoint in region ${options.region}; known: ${Object.keys(SIMPLEDB_REGION_HOSTS).join(", ")}`,
    );
  }
  return new URL(`https://${host}/`);
}
