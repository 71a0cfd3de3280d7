import { nextToken, type RequestParams, requireString } from "../protocol/query.js";
import { children, type ParsedSuccess, textOf } from "../protocol/xml.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { SimpleDbOutput } from "../types.js";

/**
 * Input of {@link ListDomainsCommand}.
 *
 * @example
 * ```ts
 * const input: ListDomainsCommandInput = { MaxNumberOfDomains: 10 };
 * await client.send(new ListDomainsCommand(input));
 * ```
 */
export interface ListDomainsCommandInput {
  /** Page size, 1–100 (service default 100). */
  MaxNumberOfDomains?: number | undefined;
  /** Token from the previous page. */
  NextToken?: string | undefined;
}

/**
 * Output of {@link ListDomainsCommand}.
 *
 * @example
 * ```ts
 * const output: ListDomainsCommandOutput = await client.send(new ListDomainsCommand(input));
 * ```
 */
export interface ListDomainsCommandOutput extends SimpleDbOutput {
  /** Domain names of this page (empty when there are none). */
  DomainNames: string[];
  /** Present when more domains follow; pass it back unchanged. */
  NextToken?: string;
}

/**
 * Lists one page of domain names. Use {@link paginateListDomains} to get all.
 *
 * @throws {@link InvalidNextTokenException}, {@link InvalidParameterValueException}
 *
 * @example
 * ```ts
 * const { DomainNames, NextToken } = await client.send(new ListDomainsCommand({ MaxNumberOfDomains: 10 }));
 * ```
 */
export class ListDomainsCommand extends SimpleDbCommand<ListDomainsCommandInput, ListDomainsCommandOutput> {
  readonly action = "ListDomains";
  readonly isWrite = false;
  serialize(): RequestParams {
    const p: RequestParams = {};
    if (this.input.MaxNumberOfDomains !== undefined)
      p.MaxNumberOfDomains = String(this.input.MaxNumberOfDomains);
    if (this.input.NextToken !== undefined) p.NextToken = requireString(this.input.NextToken, "NextToken");
    return p;
  }
  deserialize({ result }: ParsedSuccess): Omit<ListDomainsCommandOutput, "$metadata" | "BoxUsage"> {
    return {
      DomainNames: children(result, "DomainName").map((d) => textOf(d) ?? ""),
      ...nextToken(textOf(result?.NextToken)),
    };
  }
}
