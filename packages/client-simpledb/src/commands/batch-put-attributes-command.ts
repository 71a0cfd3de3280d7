import { addReplaceableAttributes, type RequestParams, requireString } from "../protocol/query.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { ReplaceableItem, SimpleDbOutput } from "../types.js";

/**
 * Input of {@link BatchPutAttributesCommand}.
 *
 * @example
 * ```ts
 * const input: BatchPutAttributesCommandInput = { DomainName: "jobs" };
 * await client.send(new BatchPutAttributesCommand(input));
 * ```
 */
export interface BatchPutAttributesCommandInput {
  DomainName: string;
  /** At most 25 distinct items, each with at most 256 pairs. */
  Items: ReplaceableItem[];
}

/**
 * Output of {@link BatchPutAttributesCommand} (metadata only).
 *
 * @example
 * ```ts
 * const output: BatchPutAttributesCommandOutput = await client.send(new BatchPutAttributesCommand(input));
 * ```
 */
export interface BatchPutAttributesCommandOutput extends SimpleDbOutput {}

/**
 * Puts pairs on up to 25 items in one all-or-nothing call (no conditions).
 * The client does not split larger batches; chunk them yourself.
 *
 * @throws {@link DuplicateItemNameException}, {@link NumberSubmittedItemsExceededException},
 * {@link NumberSubmittedAttributesExceededException}, {@link NoSuchDomainException}, …
 *
 * @example
 * ```ts
 * await client.send(new BatchPutAttributesCommand({
 *   DomainName: "jobs",
 *   Items: [{ Name: "j1", Attributes: [{ Name: "state", Value: "new", Replace: true }] }],
 * }));
 * ```
 */
export class BatchPutAttributesCommand extends SimpleDbCommand<
  BatchPutAttributesCommandInput,
  BatchPutAttributesCommandOutput
> {
  readonly action = "BatchPutAttributes";
  readonly isWrite = true;
  serialize(): RequestParams {
    const p: RequestParams = { DomainName: requireString(this.input.DomainName, "DomainName") };
    (this.input.Items ?? []).forEach((item, i) => {
      const prefix = `Item.${i + 1}.`;
      p[`${prefix}ItemName`] = requireString(item.Name, `${prefix}ItemName`);
      addReplaceableAttributes(p, prefix, item.Attributes ?? []);
    });
    return p;
  }
  deserialize(): Omit<BatchPutAttributesCommandOutput, "$metadata" | "BoxUsage"> {
    return {};
  }
}
