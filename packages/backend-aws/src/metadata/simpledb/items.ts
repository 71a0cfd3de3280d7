import { S3Client } from "@aws-sdk/client-s3";
import {
  type Attribute,
  GetAttributesCommand,
  paginateSelect,
  type ReplaceableAttribute,
  SimpleDbClient,
} from "@jobstore/client-simpledb";
import type { CallOptions } from "@jobstore/core";
import type { AwsResourceNames } from "./names.js";
import type { AwsBackendOptions } from "./options.js";

export const MIB = 1024 * 1024;
export const DEFAULT_PART_SIZE = 50 * MIB;
export const MIN_PART_SIZE = 5 * MIB;

/** Everything the backend's modules share: clients, names and settings of one handle. */
export interface AwsContext {
  readonly s3: S3Client;
  readonly sdb: SimpleDbClient;
  readonly names: AwsResourceNames;
  readonly registryDomain: string;
  readonly region: string;
  readonly partSize: number;
  readonly uploadConcurrency: number;
  readonly encryptionKey: Buffer | undefined;
  /** Clients this handle built itself and must destroy on close. */
  readonly owned: { s3: boolean; sdb: boolean };
}

export function buildContext(options: AwsBackendOptions, names: AwsResourceNames): AwsContext {
  const ownS3 = options.s3 === undefined;
  const s3 =
    options.s3 ??
    new S3Client({
      region: options.region,
      // S3-compatible servers on an endpoint (radosgw, local tests) need path-style addressing.
      ...(process.env.AWS_ENDPOINT_URL_S3 ? { forcePathStyle: true } : {}),
    });
  const ownSdb = !(options.simpleDb instanceof SimpleDbClient);
  const sdb =
    options.simpleDb instanceof SimpleDbClient
      ? options.simpleDb
      : new SimpleDbClient({ region: options.region, ...options.simpleDb });
  const partSize = options.partSize ?? DEFAULT_PART_SIZE;
  return {
    s3,
    sdb,
    names,
    registryDomain: options.registryDomain ?? "jobstore-registry",
    region: options.region,
    partSize,
    uploadConcurrency: options.uploadConcurrency ?? Math.max(1, Math.floor((64 * MIB) / partSize)),
    encryptionKey: options.encryptionKey ? Buffer.from(options.encryptionKey) : undefined,
    owned: { s3: ownS3, sdb: ownSdb },
  };
}

/** `{ abortSignal }` for `client.send`, from our `{ signal }`. */
export function sendOptions(options: CallOptions): { abortSignal?: AbortSignal } {
  return options.signal ? { abortSignal: options.signal } : {};
}

/** An item's attributes as name → values. */
export type ItemAttributes = Map<string, string[]>;

export function toItem(attributes: readonly Attribute[]): ItemAttributes {
  const item: ItemAttributes = new Map();
  for (const { Name, Value } of attributes) {
    const values = item.get(Name);
    if (values) values.push(Value);
    else item.set(Name, [Value]);
  }
  return item;
}

/** The single value of an attribute, or undefined. */
export function single(item: ItemAttributes, name: string): string | undefined {
  return item.get(name)?.[0];
}

/** Reads one item with a consistent read; an empty map when absent. */
export async function getItem(
  ctx: AwsContext,
  domain: string,
  itemName: string,
  options: CallOptions,
): Promise<ItemAttributes> {
  const out = await ctx.sdb.send(
    new GetAttributesCommand({ DomainName: domain, ItemName: itemName, ConsistentRead: true }),
    sendOptions(options),
  );
  return toItem(out.Attributes);
}

/** Replace-mode attributes from a record (undefined values are skipped). */
export function replaceAll(values: Record<string, string | undefined>): ReplaceableAttribute[] {
  return Object.entries(values)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([Name, Value]) => ({ Name, Value, Replace: true }));
}

/** Quotes a value for a Select expression. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Every item a consistent Select returns, page by page. */
export async function* selectAll(ctx: AwsContext, expression: string, options: CallOptions) {
  for await (const page of paginateSelect(
    { client: ctx.sdb, abortSignal: options.signal },
    { SelectExpression: expression, ConsistentRead: true },
  )) {
    for (const item of page.Items ?? []) yield { name: item.Name, attributes: toItem(item.Attributes) };
  }
}
