import type { ActionHandler } from "./context.js";
import { requireDomain } from "./context.js";

/**
 * DomainMetadata: counts and byte sizes computed on demand, plus the epoch-seconds Timestamp.
 *
 * @remarks The element is `ItemNamesSizeBytes` (plural), as the live service spells it.
 * @example
 * ```ts
 * domainMetadata(ctx).result; // "<DomainMetadataResult><ItemCount>…"
 * ```
 * @internal
 */
export const domainMetadata: ActionHandler = (ctx) => {
  const domain = requireDomain(ctx);
  let itemCount = 0;
  let itemNamesBytes = 0;
  let valueCount = 0;
  let valueBytes = 0;
  const attributeNames = new Set<string>();
  for (const [itemName, attrs] of domain.entries()) {
    itemCount++;
    itemNamesBytes += Buffer.byteLength(itemName);
    for (const [name, values] of attrs) {
      attributeNames.add(name);
      valueCount += values.length;
      for (const value of values) valueBytes += Buffer.byteLength(value);
    }
  }
  let attributeNameBytes = 0;
  for (const name of attributeNames) attributeNameBytes += Buffer.byteLength(name);
  const result =
    "<DomainMetadataResult>" +
    `<ItemCount>${itemCount}</ItemCount>` +
    `<ItemNamesSizeBytes>${itemNamesBytes}</ItemNamesSizeBytes>` +
    `<AttributeNameCount>${attributeNames.size}</AttributeNameCount>` +
    `<AttributeNamesSizeBytes>${attributeNameBytes}</AttributeNamesSizeBytes>` +
    `<AttributeValueCount>${valueCount}</AttributeValueCount>` +
    `<AttributeValuesSizeBytes>${valueBytes}</AttributeValuesSizeBytes>` +
    `<Timestamp>${Math.floor(ctx.now / 1000)}</Timestamp>` +
    "</DomainMetadataResult>";
  return { result, units: itemCount };
};
