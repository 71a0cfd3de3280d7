import { batchDeleteAttributes } from "./batch-delete-attributes.js";
import { batchPutAttributes } from "./batch-put-attributes.js";
import type { ActionHandler } from "./context.js";
import { createDomain } from "./create-domain.js";
import { deleteAttributes } from "./delete-attributes.js";
import { deleteDomain } from "./delete-domain.js";
import { domainMetadata } from "./domain-metadata.js";
import { getAttributes } from "./get-attributes.js";
import { listDomains } from "./list-domains.js";
import { putAttributes } from "./put-attributes.js";
import { select } from "./select.js";

/**
 * The ten SimpleDB actions by wire name.
 *
 * @example
 * ```ts
 * ACTIONS.get("ListDomains")?.(ctx);
 * ```
 * @internal
 */
export const ACTIONS: ReadonlyMap<string, ActionHandler> = new Map([
  ["CreateDomain", createDomain],
  ["DeleteDomain", deleteDomain],
  ["ListDomains", listDomains],
  ["DomainMetadata", domainMetadata],
  ["PutAttributes", putAttributes],
  ["BatchPutAttributes", batchPutAttributes],
  ["DeleteAttributes", deleteAttributes],
  ["BatchDeleteAttributes", batchDeleteAttributes],
  ["GetAttributes", getAttributes],
  ["Select", select],
]);
