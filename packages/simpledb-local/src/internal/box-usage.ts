// Figures in the range the live service reports; clients only ever sum or log them.
const BASE: Readonly<Record<string, number>> = {
  CreateDomain: 0.0055590278,
  DeleteDomain: 0.0055590278,
  ListDomains: 0.0000071759,
  DomainMetadata: 0.0000071759,
  PutAttributes: 0.0000219907,
  BatchPutAttributes: 0.0000462183,
  DeleteAttributes: 0.0000219907,
  BatchDeleteAttributes: 0.0000462183,
  GetAttributes: 0.0000093202,
  Select: 0.00001372,
};

/**
 * A plausible BoxUsage figure (machine hours) for a request, formatted as AWS does (10 decimals).
 *
 * @param units - extra work units, e.g. items scanned by Select
 * @example
 * ```ts
 * boxUsage("GetAttributes"); // "0.0000093202"
 * ```
 * @internal
 */
export function boxUsage(action: string, units = 0): string {
  const base = BASE[action] ?? 0.0000071759;
  return (base + units * 0.00000001).toFixed(10);
}
