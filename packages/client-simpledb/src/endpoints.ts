import { loadSharedProfile, type SharedProfile } from "./shared-config.js";

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

/** The SDKs' endpoint override for every service, after the service-specific one. */
const GLOBAL_ENDPOINT_ENV_VAR = "AWS_ENDPOINT_URL";
/** `true` makes the SDKs ignore endpoint URLs from the environment and the shared config. */
const IGNORE_CONFIGURED_ENV_VAR = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
/** The key of this service in a `[services …]` section (the SDKs' service id, lower-cased). */
const SERVICE_KEY = "simpledb";

/**
 * Resolves the endpoint URL the way the AWS SDK for JavaScript v3 does. Precedence:
 * 1. the `endpoint` option;
 * 2. `AWS_ENDPOINT_URL_SIMPLEDB`, then `AWS_ENDPOINT_URL`;
 * 3. in the shared config file's profile (`AWS_PROFILE`, default `default`): the `simpledb`
 *    `endpoint_url` of the `[services …]` section the profile names, then its `endpoint_url`;
 * 4. the region's host (HTTPS), the region being the `region` option, else `AWS_REGION`, else
 *    the profile's `region` (credentials file first, then config file).
 *
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or `ignore_configured_endpoint_urls = true` in the
 * profile) skips 2 and 3. The shared files are read only when 1 and 2 do not decide.
 *
 * @throws TypeError when no endpoint and no region is found, for a region without SimpleDB, and
 *   for an endpoint that is not http(s)
 * @example
 * ```ts
 * resolveEndpoint({ region: "eu-west-1" }).href; // "https://sdb.eu-west-1.amazonaws.com/"
 * resolveEndpoint({ region: "us-east-1", endpoint: "http://127.0.0.1:8090" }).host; // "127.0.0.1:8090"
 * resolveEndpoint({ env: { AWS_ENDPOINT_URL: "http://127.0.0.1:4566" } }).host; // "127.0.0.1:4566"
 * ```
 */
export function resolveEndpoint(options: {
  region?: string | undefined;
  endpoint?: string | URL | undefined;
  env?: Readonly<Record<string, string | undefined>>;
}): URL {
  if (options.endpoint !== undefined) return endpointUrl(options.endpoint);
  const env = options.env ?? process.env;
  const ignoreConfigured = isTrue(env[IGNORE_CONFIGURED_ENV_VAR]);
  if (!ignoreConfigured) {
    const fromEnv = env[ENDPOINT_ENV_VAR] || env[GLOBAL_ENDPOINT_ENV_VAR];
    if (fromEnv) return endpointUrl(fromEnv);
  }
  // The config file wins for endpoint settings, the credentials file for the region (as in the SDK).
  const config = loadSharedProfile(env, "config");
  if (!ignoreConfigured && !isTrue(config.profile.ignore_configured_endpoint_urls)) {
    const fromProfile = profileEndpoint(config);
    if (fromProfile !== undefined) return endpointUrl(fromProfile);
  }
  const region =
    options.region || env.AWS_REGION || loadSharedProfile(env, "credentials").profile.region || undefined;
  return regionEndpoint(region);
}

function profileEndpoint({ profile, sections }: SharedProfile): string | undefined {
  const services = profile.services;
  if (services !== undefined) {
    const section = sections.get(`services ${services}`);
    if (section === undefined) {
      throw new TypeError(
        `The services section "${services}" named by the profile is not in the shared config file`,
      );
    }
    const url = section[`${SERVICE_KEY}.endpoint_url`];
    if (url) return url;
  }
  return profile.endpoint_url || undefined;
}

function regionEndpoint(region: string | undefined): URL {
  if (region === undefined || region === "") {
    throw new TypeError(
      "SimpleDbClient needs a region or an endpoint (option, AWS_REGION, AWS_ENDPOINT_URL[_SIMPLEDB] or the shared config profile)",
    );
  }
  const host = SIMPLEDB_REGION_HOSTS[region];
  if (host === undefined) {
    throw new TypeError(
      `SimpleDB has no endpoint in region ${region}; known: ${Object.keys(SIMPLEDB_REGION_HOSTS).join(", ")}`,
    );
  }
  return new URL(`https://${host}/`);
}

function endpointUrl(text: string | URL): URL {
  const url = new URL(String(text));
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`SimpleDB endpoint must be http(s): ${url.href}`);
  }
  // SigV2 signs the path; SimpleDB's is "/". A query string would be neither signed nor meaningful.
  url.search = "";
  url.hash = "";
  return url;
}

function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === "true";
}
