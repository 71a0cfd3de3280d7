import type { SimpleDbLimits } from "../../limits.js";
import { SdbError } from "../errors.js";
import type { DeletePair, ItemAttrs, PutPair } from "../item-ops.js";
import { countPairs, itemBytes } from "../item-ops.js";
import { checkAttributeName, checkLength, groupIndexed, parseBoolean } from "../params.js";
import type { Domain } from "../store.js";

/**
 * Reads and validates the `Attribute.N.Name/Value/Replace` entries of a put.
 *
 * @param source - request parameters, or one item's sub-parameters in a batch
 * @throws SdbError `NumberSubmittedAttributesExceeded`, `MissingParameter`, `InvalidParameterValue`
 * @example
 * ```ts
 * readPutPairs(params, DEFAULT_LIMITS, "job-1");
 * ```
 * @internal
 */
export function readPutPairs(
  source: Iterable<readonly [string, string]>,
  limits: SimpleDbLimits,
  itemName: string,
): PutPair[] {
  const groups = groupIndexed(source, "Attribute.");
  if (groups.length > limits.maxSubmittedAttributes) {
    throw new SdbError(
      "NumberSubmittedAttributesExceeded",
      `Too many attributes for item ${itemName} in a single call. Up to ${limits.maxSubmittedAttributes} attributes per call allowed.`,
    );
  }
  const pairs: PutPair[] = [];
  for (const group of groups) {
    const name = group.get("Name");
    const value = group.get("Value");
    if (name === undefined) {
      throw new SdbError("MissingParameter", `Attribute.Name missing for Attribute.Value='${value ?? ""}'.`);
    }
    if (value === undefined)
      throw new SdbError("MissingParameter", `Attribute.Value missing for Attribute.Name='${name}'.`);
    checkAttributeName(name, limits.maxNameValueBytes);
    checkLength(value, "Value", limits.maxNameValueBytes);
    pairs.push({ name, value, replace: parseBoolean(group.get("Replace"), "Replace", false) });
  }
  if (pairs.length === 0) throw new SdbError("MissingParameter", `No attributes for item ${itemName}`);
  return pairs;
}

/**
 * Reads the `Attribute.N.Name[/Value]` entries of a delete; none means "the whole item".
 *
 * @throws SdbError `MissingParameter` for a Value without a Name, `InvalidParameterValue`
 * @example
 * ```ts
 * readDeletePairs(params, DEFAULT_LIMITS);
 * ```
 * @internal
 */
export function readDeletePairs(
  source: Iterable<readonly [string, string]>,
  limits: SimpleDbLimits,
): DeletePair[] {
  const pairs: DeletePair[] = [];
  for (const group of groupIndexed(source, "Attribute.")) {
    const name = group.get("Name");
    const value = group.get("Value");
    if (name === undefined) {
      throw new SdbError("MissingParameter", `Attribute.Name missing for Attribute.Value='${value ?? ""}'.`);
    }
    checkAttributeName(name, limits.maxNameValueBytes);
    if (value !== undefined) checkLength(value, "Value", limits.maxNameValueBytes);
    pairs.push({ name, value });
  }
  if (pairs.length > limits.maxSubmittedAttributes) {
    throw new SdbError(
      "NumberSubmittedAttributesExceeded",
      `Too many attributes in a single call. Up to ${limits.maxSubmittedAttributes} attributes per call allowed.`,
    );
  }
  return pairs;
}

/**
 * A pending write of one item, checked before anything is committed.
 * @example
 * ```ts
 * const write: PlannedWrite = { itemName: "job-1", after: new Map([["state", ["done"]]]) };
 * ```
 * @internal
 */
export interface PlannedWrite {
  itemName: string;
  after: ItemAttrs | undefined;
  /** Filled in by {@link checkWriteLimits}: the new version's pair count and bytes. */
  size?: { pairs: number; bytes: number };
}

/**
 * Enforces the per-item and per-domain limits for a set of writes, all or nothing, and records
 * each write's new size so the commit need not recount it.
 *
 * @throws SdbError `NumberItemAttributesExceeded`, `NumberDomainAttributesExceeded`, `NumberDomainBytesExceeded`
 * @example
 * ```ts
 * checkWriteLimits(domain, [{ itemName, after }], ctx.limits);
 * ```
 * @internal
 */
export function checkWriteLimits(domain: Domain, writes: PlannedWrite[], limits: SimpleDbLimits): void {
  let pairDelta = 0;
  let byteDelta = 0;
  for (const write of writes) {
    const pairs = countPairs(write.after);
    if (pairs > limits.maxPairsPerItem) {
      throw new SdbError(
        "NumberItemAttributesExceeded",
        `Too many attributes in this item (${write.itemName}).`,
      );
    }
    const bytes = itemBytes(write.itemName, write.after);
    const before = domain.sizeOf(write.itemName);
    pairDelta += pairs - before.pairs;
    byteDelta += bytes - before.bytes;
    write.size = { pairs, bytes };
  }
  if (pairDelta > 0 && domain.pairCount + pairDelta > limits.maxDomainPairs) {
    throw new SdbError("NumberDomainAttributesExceeded", "Too many attributes in this domain.");
  }
  if (byteDelta > 0 && domain.byteSize + byteDelta > limits.maxDomainBytes) {
    throw new SdbError("NumberDomainBytesExceeded", "Too many bytes in this domain.");
  }
}
