import { SdbError } from "../errors.js";
import { checkDomainName, requireParam } from "../params.js";
import type { ActionHandler } from "./context.js";

/**
 * CreateDomain: idempotent; `NumberDomainsExceeded` 409 past the domain quota.
 *
 * @example
 * ```ts
 * createDomain(ctx); // { result: "" }
 * ```
 * @internal
 */
export const createDomain: ActionHandler = (ctx) => {
  const name = requireParam(ctx.params, "DomainName");
  checkDomainName(name);
  if (!ctx.store.domains.has(name) && ctx.store.domains.size >= ctx.limits.maxDomains) {
    throw new SdbError("NumberDomainsExceeded", "Number of domains limit exceeded.");
  }
  ctx.store.createDomain(name);
  return { result: "" };
};
