import { bool, type RequestParams, requireString } from "../protocol/query.js";
import { type ParsedSuccess, parseAttributes } from "../protocol/xml.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { Attribute, SimpleDbOutput } from "../types.js";

/**
 * Input of {@link GetAttributesCommand}.
 *
 * @example
 * ```ts
 * const input: GetAttributesCommandInput = { DomainName: "jobs" };
 * await client.send(new GetAttributesCommand(input));
 * ```
 */
export interface GetAttributesCommandInput {
  DomainName: string;
  ItemName: string;
  /** Only return these names (default: all). */
  AttributeNames?: string[] | undefined;
  /** Read the latest committed state instead of an eventually consistent replica. */
  ConsistentRead?: boolean | undefined;
}

/**
 * Output of {@link GetAttributesCommand}.
 *
 * @example
 * ```ts
 * const output: GetAttributesCommandOutput = await client.send(new GetAttributesCommand(input));
 * ```
 */
export interface GetAttributesCommandOutput extends SimpleDbOutput {
  /** One entry per (name, value) pair, in no guaranteed order; empty when the item does not exist. */
  Attributes: Attribute[];
}

/**
 * Reads one item's pairs. A missing item is not an error: `Attributes` is
 * empty (and without `ConsistentRead` that does not prove absence).
 * Base64-encoded names and values are decoded.
 *
 * @throws {@link NoSuchDomainException}
 *
 * @example
 * ```ts
 * const { Attributes } = await client.send(
 *   new GetAttributesCommand({ DomainName: "jobs", ItemName: "j1", ConsistentRead: true }),
 * );
 * ```
 */
export class GetAttributesCommand extends SimpleDbCommand<
  GetAttributesCommandInput,
  GetAttributesCommandOutput
> {
  readonly action = "GetAttributes";
  readonly isWrite = false;
  serialize(): RequestParams {
    const p: RequestParams = {
      DomainName: requireString(this.input.DomainName, "DomainName"),
      ItemName: requireString(this.input.ItemName, "ItemName"),
    };
    (this.input.AttributeNames ?? []).forEach((n, i) => {
      p[`AttributeName.${i + 1}`] = requireString(n, `AttributeName.${i + 1}`);
    });
    if (this.input.ConsistentRead !== undefined) p.ConsistentRead = bool(this.input.ConsistentRead);
    return p;
  }
  deserialize({ result }: ParsedSuccess): Omit<GetAttributesCommandOutput, "$metadata" | "BoxUsage"> {
    return { Attributes: parseAttributes(result) };
  }
}
