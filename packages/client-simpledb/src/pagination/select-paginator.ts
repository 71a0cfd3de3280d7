import {
  SelectCommand,
  type SelectCommandInput,
  type SelectCommandOutput,
} from "../commands/select-command.js";
import { paginate, type SimpleDbPaginationConfiguration } from "./paginate.js";

/**
 * Iterates over every page of a Select, following `NextToken`. Pages may be
 * short or even empty while more follow; iterate to the end.
 *
 * @example
 * ```ts
 * for await (const page of paginateSelect({ client }, { SelectExpression: "select * from `jobs`", ConsistentRead: true })) {
 *   for (const item of page.Items) handle(item);
 * }
 * ```
 */
export function paginateSelect(
  config: SimpleDbPaginationConfiguration,
  input: SelectCommandInput,
): AsyncGenerator<SelectCommandOutput, undefined, unknown> {
  return paginate(config, input, (i) =>
    config.client.send(new SelectCommand(i), { abortSignal: config.abortSignal }),
  );
}
