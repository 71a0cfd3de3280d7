import { bool, nextToken, type RequestParams, requireString } from "../protocol/query.js";
import { type ParsedSuccess, parseItems, textOf } from "../protocol/xml.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { Item, SimpleDbOutput } from "../types.js";

/**
 * Input of {@link SelectCommand}.
 *
 * @example
 * ```ts
 * const input: SelectCommandInput = { SelectExpression: "select * from `jobs`" };
 * await client.send(new SelectCommand(input));
 * ```
 */
export interface SelectCommandInput {
  /** e.g. ``select * from `jobs` where state = 'new' limit 100``. */
  SelectExpression: string;
  /** Token from the previous page; valid only with the same expression. */
  NextToken?: string | undefined;
  ConsistentRead?: boolean | undefined;
}

/**
 * Output of {@link SelectCommand}.
 *
 * @example
 * ```ts
 * const output: SelectCommandOutput = await client.send(new SelectCommand(input));
 * ```
 */
export interface SelectCommandOutput extends SimpleDbOutput {
  /** Matching items of this page; may be empty even when `NextToken` is present. */
  Items: Item[];
  NextToken?: string;
}

/**
 * Runs one page of a Select query. Use {@link paginateSelect} to follow
 * `NextToken`. Base64-encoded names and values are decoded.
 *
 * @throws {@link InvalidQueryExpressionException}, {@link NoSuchDomainException},
 * {@link InvalidNextTokenException}, {@link RequestTimeoutException}, …
 *
 * @example
 * ```ts
 * const { Items } = await client.send(new SelectCommand({
 *   SelectExpression: "select * from `jobs` where state = 'new'",
 *   ConsistentRead: true,
 * }));
 * ```
 */
export class SelectCommand extends SimpleDbCommand<SelectCommandInput, SelectCommandOutput> {
  readonly action = "Select";
  readonly isWrite = false;
  serialize(): RequestParams {
    const p: RequestParams = {
      SelectExpression: requireString(this.input.SelectExpression, "SelectExpression"),
    };
    if (this.input.NextToken !== undefined) p.NextToken = requireString(this.input.NextToken, "NextToken");
    if (this.input.ConsistentRead !== undefined) p.ConsistentRead = bool(this.input.ConsistentRead);
    return p;
  }
  deserialize({ result }: ParsedSuccess): Omit<SelectCommandOutput, "$metadata" | "BoxUsage"> {
    return { Items: parseItems(result), ...nextToken(textOf(result?.NextToken)) };
  }
}
