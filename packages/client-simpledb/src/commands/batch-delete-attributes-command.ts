import { addDeletableAttributes, type RequestParams, requireString } from "../protocol/query.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { DeletableItem, SimpleDbOutput } from "../types.js";

/**
 * Input of {@link BatchDeleteAttributesCommand}.
 *
 * @example
 * ```ts
 * const input: BatchDeleteAttributesCommandInput = { DomainName: "jobs" };
 * await client.send(new BatchDeleteAttributesCommand(input));
 * ```
 */
export interface BatchDeleteAttributesCommandInput {
  DomainName: string;
  /** At most 25 distinct items; an item without `Attributes` is deleted whole. */
  Items: DeletableItem[];
}

/**
 * Output of {@link BatchDeleteAttributesCommand} (metadata only).
 *
 * @example
 * ```ts
 * const output: BatchDeleteAttributesCommandOutput = await client.send(new BatchDeleteAttributesCommand(input));
 * ```
 */
export interface BatchDeleteAttributesCommandOutput extends SimpleDbOutput {}

/**
 * Deletes pairs or whole items, up to 25 items per all-or-nothing call (no
 * conditions). Idempotent.
 *
 * @throws {@link DuplicateItemNameException}, {@link NumberSubmittedItemsExceededException}, {@link NoSuchDomainException}, …
 *
 * @example
 * ```ts
 * await client.send(new BatchDeleteAttributesCommand({ DomainName: "jobs", Items: [{ Name: "j1" }, { Name: "j2" }] }));
 * ```
 */
export class BatchDeleteAttributesCommand extends SimpleDbCommand<
  BatchDeleteAttributesCommandInput,
  BatchDeleteAttributesCommandOutput
> {
  readonly action = "BatchDeleteAttributes";
  readonly isWrite = true;
  serialize(): RequestParams {
    const p: RequestParams = { DomainName: requireString(this.input.DomainName, "DomainName") };
    (this.input.Items ?? []).forEach((item, i) => {
      const prefix = `Item.${i + 1}.`;
      p[`${prefix}ItemName`] = requireString(item.Name, `${prefix}ItemName`);
      addDeletableAttributes(p, prefix, item.Attributes ?? []);
    });
    return p;
  }
  deserialize(): Omit<BatchDeleteAttributesCommandOutput, "$metadata" | "BoxUsage"> {
    return {};
  }
}
