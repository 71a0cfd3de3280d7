import { type RequestParams, requireString } from "../protocol/query.js";
import { childNumber, type ParsedSuccess } from "../protocol/xml.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { SimpleDbOutput } from "../types.js";

/**
 * Input of {@link DomainMetadataCommand}.
 *
 * @example
 * ```ts
 * const input: DomainMetadataCommandInput = { DomainName: "jobs" };
 * await client.send(new DomainMetadataCommand(input));
 * ```
 */
export interface DomainMetadataCommandInput {
  DomainName: string;
}

/**
 * Output of {@link DomainMetadataCommand}: counts and sizes as of `Timestamp`.
 *
 * @example
 * ```ts
 * const output: DomainMetadataCommandOutput = await client.send(new DomainMetadataCommand(input));
 * ```
 */
export interface DomainMetadataCommandOutput extends SimpleDbOutput {
  ItemCount?: number;
  ItemNamesSizeBytes?: number;
  AttributeNameCount?: number;
  AttributeNamesSizeBytes?: number;
  AttributeValueCount?: number;
  AttributeValuesSizeBytes?: number;
  /** Epoch seconds at which the figures were computed. */
  Timestamp?: number;
}

const FIELDS = [
  "ItemCount",
  "ItemNamesSizeBytes",
  "AttributeNameCount",
  "AttributeNamesSizeBytes",
  "AttributeValueCount",
  "AttributeValuesSizeBytes",
  "Timestamp",
] as const;

/**
 * Returns a domain's item and attribute counts and sizes.
 *
 * @throws {@link NoSuchDomainException}
 *
 * @example
 * ```ts
 * const { ItemCount } = await client.send(new DomainMetadataCommand({ DomainName: "jobs" }));
 * ```
 */
export class DomainMetadataCommand extends SimpleDbCommand<
  DomainMetadataCommandInput,
  DomainMetadataCommandOutput
> {
  readonly action = "DomainMetadata";
  readonly isWrite = false;
  serialize(): RequestParams {
    return { DomainName: requireString(this.input.DomainName, "DomainName") };
  }
  deserialize({ result }: ParsedSuccess): Omit<DomainMetadataCommandOutput, "$metadata" | "BoxUsage"> {
    const out: Omit<DomainMetadataCommandOutput, "$metadata" | "BoxUsage"> = {};
    for (const f of FIELDS) {
      const n = childNumber(result, f);
      if (n !== undefined) out[f] = n;
    }
    return out;
  }
}
