import {
  addExpected,
  addReplaceableAttributes,
  type RequestParams,
  requireString,
} from "../protocol/query.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { ReplaceableAttribute, SimpleDbOutput, UpdateCondition } from "../types.js";

/**
 * Input of {@link PutAttributesCommand}.
 *
 * @example
 * ```ts
 * const input: PutAttributesCommandInput = { DomainName: "jobs" };
 * await client.send(new PutAttributesCommand(input));
 * ```
 */
export interface PutAttributesCommandInput {
  DomainName: string;
  ItemName: string;
  /** Pairs to add; `Replace: true` first clears all values of that name (once per request). */
  Attributes: ReplaceableAttribute[];
  /** Optional single condition; the write happens only if it holds. */
  Expected?: UpdateCondition | undefined;
}

/**
 * Output of {@link PutAttributesCommand} (metadata only).
 *
 * @example
 * ```ts
 * const output: PutAttributesCommandOutput = await client.send(new PutAttributesCommand(input));
 * ```
 */
export interface PutAttributesCommandOutput extends SimpleDbOutput {}

/**
 * Adds or replaces attribute pairs of one item, creating it if needed,
 * optionally conditional on `Expected`.
 *
 * A conditional put that fails with `ConditionalCheckFailed` or
 * `AttributeDoesNotExist` after the client retried a 5xx/network failure has
 * `$mayHaveApplied: true`: the earlier attempt may have succeeded.
 *
 * @throws {@link ConditionalCheckFailedException}, {@link AttributeDoesNotExistException},
 * {@link NoSuchDomainException}, {@link InvalidParameterValueException},
 * {@link NumberItemAttributesExceededException}, …
 *
 * @example
 * ```ts
 * await client.send(new PutAttributesCommand({
 *   DomainName: "jobs", ItemName: "j1",
 *   Attributes: [{ Name: "owner", Value: "w1" }],
 *   Expected: { Name: "owner", Exists: false },
 * }));
 * ```
 */
export class PutAttributesCommand extends SimpleDbCommand<
  PutAttributesCommandInput,
  PutAttributesCommandOutput
> {
  readonly action = "PutAttributes";
  readonly isWrite = true;
  serialize(): RequestParams {
    const p: RequestParams = {
      DomainName: requireString(this.input.DomainName, "DomainName"),
      ItemName: requireString(this.input.ItemName, "ItemName"),
    };
    addReplaceableAttributes(p, "", this.input.Attributes ?? []);
    addExpected(p, this.input.Expected);
    return p;
  }
  deserialize(): Omit<PutAttributesCommandOutput, "$metadata" | "BoxUsage"> {
    return {};
  }
}
