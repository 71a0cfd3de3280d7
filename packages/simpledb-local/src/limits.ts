/**
 * The SimpleDB service limits the emulator enforces.
 *
 * @remarks Every field defaults to the AWS value; tests lower them to reach the
 * domain-wide limits without writing gigabytes.
 * @example
 * ```ts
 * const limits: SimpleDbLimits = { ...DEFAULT_LIMITS, maxDomains: 3 };
 * ```
 * @public
 */
export interface SimpleDbLimits {
  /** Domains per account (AWS default quota: 250). Beyond it: `NumberDomainsExceeded` 409. */
  maxDomains: number;
  /** Attribute name-value pairs per item (256). Beyond it: `NumberItemAttributesExceeded` 409. */
  maxPairsPerItem: number;
  /** Attribute pairs submitted for one item in one call (256): `NumberSubmittedAttributesExceeded` 409. */
  maxSubmittedAttributes: number;
  /** UTF-8 bytes of an item name, attribute name or value (1024): `InvalidParameterValue` 400. */
  maxNameValueBytes: number;
  /** Items per BatchPut/BatchDelete call (25): `NumberSubmittedItemsExceeded` 409. */
  maxBatchItems: number;
  /** Request bytes of a batch call (1 MB). */
  maxBatchRequestBytes: number;
  /** Attribute pairs per domain (1 billion): `NumberDomainAttributesExceeded` 409. */
  maxDomainPairs: number;
  /** Bytes of names and values per domain (10 GB): `NumberDomainBytesExceeded` 409. */
  maxDomainBytes: number;
  /** Bytes of one Select response page (1 MB); a longer page is cut and gets a NextToken. */
  maxSelectPageBytes: number;
}

/**
 * The AWS values of {@link SimpleDbLimits}.
 *
 * @example
 * ```ts
 * DEFAULT_LIMITS.maxBatchItems; // 25
 * ```
 * @public
 */
export const DEFAULT_LIMITS: Readonly<SimpleDbLimits> = Object.freeze({
  maxDomains: 250,
  maxPairsPerItem: 256,
  maxSubmittedAttributes: 256,
  maxNameValueBytes: 1024,
  maxBatchItems: 25,
  maxBatchRequestBytes: 1024 * 1024,
  maxDomainPairs: 1_000_000_000,
  maxDomainBytes: 10 * 1024 * 1024 * 1024,
  maxSelectPageBytes: 1024 * 1024,
});
