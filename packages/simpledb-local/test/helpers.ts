import "./suppress-sdk-notice.js";
import { createHmac } from "node:crypto";
// The per-service entry of the AWS SDK v2: the same class as AWS.SimpleDB, without loading every other client.
import SimpleDB from "aws-sdk/clients/simpledb.js";
import type { AWSError } from "aws-sdk/lib/error.js";
import { beforeEach, expect } from "vitest";
import type { SimpleDbLocalOptions, SimpleDbLocalServer } from "../src/index.js";
import { startSimpleDbLocal } from "../src/index.js";

export type { AWSError };
export { SimpleDB };

export const ACCESS_KEY = "AKIDLOCALTEST";
export const SECRET_KEY = "local/secret+key=";

/** An independent client: the legacy AWS SDK v2, no retries so faults surface. */
export function sdbClient(
  endpoint: string,
  secretAccessKey = SECRET_KEY,
  accessKeyId = ACCESS_KEY,
): SimpleDB {
  return new SimpleDB({ endpoint, region: "us-east-1", accessKeyId, secretAccessKey, maxRetries: 0 });
}

export interface Fixture {
  server: SimpleDbLocalServer;
  sdb: SimpleDB;
}

/** Fresh server per test; `options` may be a function so each test file can vary it. */
export function useServer(options: SimpleDbLocalOptions = {}): Fixture {
  const fixture = {} as Fixture;
  beforeEach(async () => {
    fixture.server = await startSimpleDbLocal({ port: 0, ...options });
    fixture.sdb = sdbClient(fixture.server.endpoint);
    return () => fixture.server.close();
  });
  return fixture;
}

/** Awaits a rejected SDK call and checks its SimpleDB code and HTTP status. */
export async function expectSdbError(
  call: Promise<unknown>,
  code: string,
  status?: number,
): Promise<AWSError> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as AWSError | undefined;
  expect(error, `expected ${code}`).toBeDefined();
  expect(error?.code).toBe(code);
  if (status !== undefined) expect(error?.statusCode).toBe(status);
  return error as AWSError;
}

function encode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export interface RawOptions {
  method?: "GET" | "POST";
  secret?: string;
  accessKeyId?: string | null;
  timestamp?: string | null;
  signatureMethod?: "HmacSHA256" | "HmacSHA1";
  /** Skip signing entirely (no Signature parameter). */
  unsigned?: boolean;
}

export interface RawResponse {
  status: number;
  body: string;
  code: string | undefined;
}

/**
 * Sends a hand-built, hand-signed SigV2 request with fetch: lets tests control every parameter
 * (stale timestamps, odd indices, spellings the SDK never produces).
 */
export async function rawRequest(
  endpoint: string,
  params: Record<string, string>,
  options: RawOptions = {},
): Promise<RawResponse> {
  const method = options.method ?? "POST";
  const all: Record<string, string> = { Version: "2009-04-15", ...params };
  if (options.accessKeyId !== null) all.AWSAccessKeyId = options.accessKeyId ?? ACCESS_KEY;
  if (options.timestamp !== null)
    all.Timestamp = options.timestamp ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
  if (!options.unsigned) {
    all.SignatureVersion = "2";
    all.SignatureMethod = options.signatureMethod ?? "HmacSHA256";
  }
  const url = new URL(endpoint);
  const canonical = Object.keys(all)
    .sort()
    .map((k) => `${encode(k)}=${encode(all[k] ?? "")}`)
    .join("&");
  let query = canonical;
  if (!options.unsigned) {
    const toSign = `${method}\n${url.host.toLowerCase()}\n/\n${canonical}`;
    const algorithm = options.signatureMethod === "HmacSHA1" ? "sha1" : "sha256";
    const signature = createHmac(algorithm, options.secret ?? SECRET_KEY)
      .update(toSign)
      .digest("base64");
    query += `&Signature=${encode(signature)}`;
  }
  const response =
    method === "GET"
      ? await fetch(`${endpoint}/?${query}`)
      : await fetch(`${endpoint}/`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
          body: query,
        });
  const body = await response.text();
  return { status: response.status, body, code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1] };
}

/** Puts one item per entry, each attribute value array becoming a multi-valued attribute. */
export async function seedItems(
  sdb: SimpleDB,
  domain: string,
  items: Record<string, Record<string, string | string[]>>,
): Promise<void> {
  await sdb.createDomain({ DomainName: domain }).promise();
  const entries = Object.entries(items);
  for (let i = 0; i < entries.length; i += 25) {
    await sdb
      .batchPutAttributes({
        DomainName: domain,
        Items: entries.slice(i, i + 25).map(([name, attrs]) => ({
          Name: name,
          Attributes: Object.entries(attrs).flatMap(([attr, value]) =>
            (Array.isArray(value) ? value : [value]).map((v) => ({ Name: attr, Value: v })),
          ),
        })),
      })
      .promise();
  }
}

/** GetAttributes as a sorted "name=value" list, easy to compare. */
export async function pairsOf(
  sdb: SimpleDB,
  domain: string,
  item: string,
  consistent = true,
): Promise<string[]> {
  const out = await sdb
    .getAttributes({ DomainName: domain, ItemName: item, ConsistentRead: consistent })
    .promise();
  return (out.Attributes ?? []).map((a) => `${a.Name}=${String(a.Value)}`).sort();
}

/** The SDK returns ResponseMetadata at run time but leaves it out of the result types. */
export function metadataOf(out: unknown): { RequestId?: string; BoxUsage?: string } {
  return (out as { ResponseMetadata?: { RequestId?: string; BoxUsage?: string } }).ResponseMetadata ?? {};
}
