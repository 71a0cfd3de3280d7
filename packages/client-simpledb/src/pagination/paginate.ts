import type { SimpleDbClient } from "../simpledb-client.js";

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

/**
 * Follows `NextToken` from page to page, stopping at an empty token or (by default) a repeated one.
 *
 * @example
 * ```ts
 * paginate(config, input, (i) => client.send(new SelectCommand(i)));
 * ```
 */
export async function* paginate<
  I extends { NextToken?: string | undefined },
  O extends { NextToken?: string },
>(
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
