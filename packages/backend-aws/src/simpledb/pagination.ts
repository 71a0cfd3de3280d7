import type { SimpleDbClient } from "./client.js";
import {
  ListDomainsCommand,
  type ListDomainsCommandInput,
  type ListDomainsCommandOutput,
} from "./commands/list-domains-command.js";
import {
  SelectCommand,
  type SelectCommandInput,
  type SelectCommandOutput,
} from "./commands/select-command.js";

/**
 * First argument of the paginators, as in the AWS SDK v3.
 *
 * @example
 * ```ts
 * paginateListDomains({ client, pageSize: 50, abortSignal: AbortSignal.timeout(10_000) }, {});
 * ```
 */
export interface SimpleDbPaginationConfiguration {
  client: SimpleDbClient;
  /** Page size where the action has one (`MaxNumberOfDomains`); ignored by Select (use `limit` in the expression). */
  pageSize?: number | undefined;
  /** Resume from this token instead of `input.NextToken`. */
  startingToken?: string | undefined;
  /** Stop instead of looping forever if the service returns the token it was given (default true). */
  stopOnSameToken?: boolean | undefined;
  /** Passed to every `send`. */
  abortSignal?: AbortSignal | undefined;
}

async function* paginate<I extends { NextToken?: string | undefined }, O extends { NextToken?: string }>(
  config: SimpleDbPaginationConfiguration,
  input: I,
  sendPage: (input: I) => Promise<O>,
): AsyncGenerator<O, undefined, unknown> {
  let token = config.startingToken ?? input.NextToken;
  const stopOnSame = config.stopOnSameToken ?? true;
  for (;;) {
    const page = await sendPage({ ...input, NextToken: token });
    yield page;
    const next = page.NextToken;
    if (next === undefined || next === "" || (stopOnSame && next === token)) return undefined;
    token = next;
  }
}

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
