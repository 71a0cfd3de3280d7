import { checkDomainName, requireParam } from "../params.js";
import type { ActionHandler } from "./context.js";

/**
 * DeleteDomain: idempotent; deleting a missing domain is not an error.
 *
 * @example
 * ```ts
 * deleteDomain(ctx); // { result: "" }
 * ```
 * @internal
 */
export const deleteDomain: ActionHandler = (ctx) => {
  const name = requireParam(ctx.params, "DomainName");
  checkDomainName(name);
  ctx.store.domains.delete(name);
  return { result: "" };
};
