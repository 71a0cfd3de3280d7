import {
  ListDomainsCommand,
  type ListDomainsCommandInput,
  type ListDomainsCommandOutput,
} from "../commands/list-domains-command.js";
import { paginate, type SimpleDbPaginationConfiguration } from "./paginate.js";

/**
 * Iterates over every page of ListDomains, following `NextToken`.
 *
 * @example
 * ```ts
 * for await (const page of paginateListDomains({ client, pageSize: 100 }, {})) {
 *   names.push(...page.DomainNames);
 * }
 * ```
 */
export function paginateListDomains(
  config: SimpleDbPaginationConfiguration,
  input: ListDomainsCommandInput = {},
): AsyncGenerator<ListDomainsCommandOutput, undefined, unknown> {
  const base = config.pageSize === undefined ? input : { ...input, MaxNumberOfDomains: config.pageSize };
  return paginate(config, base, (i) =>
    config.client.send(new ListDomainsCommand(i), { abortSignal: config.abortSignal }),
  );
}
