import {
  type Attribute,
  GetAttributesCommand,
  paginateSelect,
  type ReplaceableAttribute,
  type SimpleDbClient,
} from "@jobstore/client-simpledb";
import type { CallOptions } from "@jobstore/core";
import { sendOptions } from "./send-options.js";

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
  sdb: SimpleDbClient,
  domain: string,
  itemName: string,
  options: CallOptions,
): Promise<ItemAttributes> {
  const out = await sdb.send(
    new GetAttributesCommand({ DomainName: domain, ItemName: itemName, ConsistentRead: true }),
    sendOptions(options),
  );
  return toItem(out.Attributes);
}

/** Replace-mode attributes from a record (undefined values are skipped). */
export function replaceAll(...groups: Record<string, string | undefined>[]): ReplaceableAttribute[] {
  const out: ReplaceableAttribute[] = [];
  for (const values of groups) {
    for (const Name in values) {
      const Value = values[Name];
      if (Value !== undefined) out.push({ Name, Value, Replace: true });
    }
  }
  return out;
}

/** Quotes a value for a Select expression. */
export function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** Every item a consistent Select returns, page by page. */
export async function* selectAll(sdb: SimpleDbClient, expression: string, options: CallOptions) {
  for await (const page of paginateSelect(
    { client: sdb, abortSignal: options.signal },
    { SelectExpression: expression, ConsistentRead: true },
  )) {
    for (const item of page.Items ?? []) yield { name: item.Name, attributes: toItem(item.Attributes) };
  }
}
