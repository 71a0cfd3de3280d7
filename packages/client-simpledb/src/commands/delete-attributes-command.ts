import { addDeletableAttributes, addExpected, type RequestParams, requireString } from "../protocol/query.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { DeletableAttribute, SimpleDbOutput, UpdateCondition } from "../types.js";

/**
 * Input of {@link DeleteAttributesCommand}.
 *
 * @example
 * ```ts
 * const input: DeleteAttributesCommandInput = { DomainName: "jobs" };
 * await client.send(new DeleteAttributesCommand(input));
 * ```
 */
export interface DeleteAttributesCommandInput {
  DomainName: string;
  ItemName: string;
  /** Pairs (or, without `Value`, whole names) to delete; omitted or empty deletes the item. */
  Attributes?: DeletableAttribute[] | undefined;
  /** Optional single condition; the delete happens only if it holds. */
  Expected?: UpdateCondition | undefined;
}

/**
 * Output of {@link DeleteAttributesCommand} (metadata only).
 *
 * @example
 * ```ts
 * const output: DeleteAttributesCommandOutput = await client.send(new DeleteAttributesCommand(input));
 * ```
 */
export interface DeleteAttributesCommandOutput extends SimpleDbOutput {}

/**
 * Deletes attribute pairs, whole attributes, or the whole item. Deleting what
 * is not there is a no-op unless a condition is given. See
 * {@link PutAttributesCommand} for `$mayHaveApplied` on conditional failures.
 *
 * @throws {@link ConditionalCheckFailedException}, {@link AttributeDoesNotExistException},
 * {@link NoSuchDomainException}, {@link MissingParameterException}, …
 *
 * @example
 * ```ts
 * await client.send(new DeleteAttributesCommand({
 *   DomainName: "jobs", ItemName: "j1",
 *   Expected: { Name: "owner", Value: "w1" },
 * }));
 * ```
 */
export class DeleteAttributesCommand extends SimpleDbCommand<
  DeleteAttributesCommandInput,
  DeleteAttributesCommandOutput
> {
  readonly action = "DeleteAttributes";
  readonly isWrite = true;
  serialize(): RequestParams {
    const p: RequestParams = {
      DomainName: requireString(this.input.DomainName, "DomainName"),
      ItemName: requireString(this.input.ItemName, "ItemName"),
    };
    addDeletableAttributes(p, "", this.input.Attributes ?? []);
    addExpected(p, this.input.Expected);
    return p;
  }
  deserialize(): Omit<DeleteAttributesCommandOutput, "$metadata" | "BoxUsage"> {
    return {};
  }
}
