import type { SimpleDbLimits } from "../../limits.js";
import { noSuchDomain } from "../errors.js";
import type { ParamMap } from "../params.js";
import { checkDomainName, requireParam } from "../params.js";
import type { Domain, Store } from "../store.js";

/**
 * Everything an action handler may use.
 * @example
 * ```ts
 * const handler = (ctx: ActionContext) => ({ result: "", units: ctx.params.size });
 * ```
 * @internal
 */
export interface ActionContext {
  params: ParamMap;
  store: Store;
  limits: SimpleDbLimits;
  /** Request time, epoch ms. */
  now: number;
  /** Size of the request body (or query string) in bytes. */
  requestBytes: number;
  /** The time a read should see: `undefined` for the latest state, earlier for a stale read. */
  readAt(consistentRead: boolean): number | undefined;
  conditionalDeleteOnMissingAttribute: "fail" | "apply";
}

/**
 * What a handler returns: the `…Result` element (or `""`) and extra BoxUsage units.
 * @example
 * ```ts
 * const ok: ActionResult = { result: "<GetAttributesResult></GetAttributesResult>" };
 * ```
 * @internal
 */
export interface ActionResult {
  result: string;
  units?: number;
}

/**
 * An action implementation. Throws `SdbError` for SimpleDB errors.
 *
 * @example
 * ```ts
 * const listDomains: ActionHandler = (ctx) => ({ result: "<ListDomainsResult/>" });
 * ```
 * @internal
 */
export type ActionHandler = (ctx: ActionContext) => ActionResult;

/**
 * The domain named by `DomainName`, which must exist.
 *
 * @throws SdbError `MissingParameter`, `InvalidParameterValue`, `NoSuchDomain`
 * @example
 * ```ts
 * const domain = requireDomain(ctx);
 * ```
 * @internal
 */
export function requireDomain(ctx: ActionContext): Domain {
  const name = requireParam(ctx.params, "DomainName");
  const domain = ctx.store.domains.get(name);
  if (domain !== undefined) return domain;
  checkDomainName(name);
  throw noSuchDomain();
}
