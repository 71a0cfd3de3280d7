/**
 * Shapes shared by the commands, named as in the SimpleDB API model
 * (`sdb-2009-04-15`) so they read like the AWS SDK.
 */

/**
 * Metadata of every response (and error), as in the AWS SDK v3.
 *
 * @example
 * ```ts
 * const { $metadata } = await client.send(new ListDomainsCommand({}));
 * $metadata.attempts; // 1 unless retried
 * ```
 */
export interface ResponseMetadata {
  /** HTTP status of the last attempt (absent when no response arrived). */
  httpStatusCode?: number | undefined;
  /** SimpleDB's `RequestId` (or `RequestID` on errors). */
  requestId?: string | undefined;
  /** Number of attempts made, including the first. */
  attempts: number;
  /** Milliseconds spent sleeping between attempts. */
  totalRetryDelay: number;
}

/**
 * Every command output carries `$metadata`.
 *
 * @example
 * ```ts
 * function requestIdOf(out: MetadataBearer) { return out.$metadata.requestId; }
 * ```
 */
export interface MetadataBearer {
  $metadata: ResponseMetadata;
}

/**
 * Outputs also carry SimpleDB's `BoxUsage` (machine hours charged).
 *
 * @example
 * ```ts
 * const { BoxUsage } = await client.send(new CreateDomainCommand({ DomainName: "jobs" }));
 * ```
 */
export interface SimpleDbOutput extends MetadataBearer {
  BoxUsage?: number | undefined;
}

/**
 * One (name, value) pair as returned by GetAttributes and Select.
 *
 * @example
 * ```ts
 * const a: Attribute = { Name: "state", Value: "done" };
 * ```
 */
export interface Attribute {
  Name: string;
  Value: string;
}

/**
 * A pair to write; `Replace: true` first removes every existing value of `Name`.
 *
 * @example
 * ```ts
 * const a: ReplaceableAttribute = { Name: "state", Value: "done", Replace: true };
 * ```
 */
export interface ReplaceableAttribute {
  Name: string;
  Value: string;
  Replace?: boolean | undefined;
}

/**
 * A pair to delete; without `Value` every value of `Name` is removed.
 *
 * @example
 * ```ts
 * const whole: DeletableAttribute = { Name: "tag" };
 * const onePair: DeletableAttribute = { Name: "tag", Value: "urgent" };
 * ```
 */
export interface DeletableAttribute {
  Name: string;
  Value?: string | undefined;
}

/**
 * The single condition of a conditional PutAttributes/DeleteAttributes.
 *
 * - `{ Name, Value }` (Exists omitted or true): apply only if `Name` has exactly the single value `Value`.
 * - `{ Name, Exists: false }`: apply only if `Name` is absent (create-if-absent).
 *
 * @example
 * ```ts
 * const ifAbsent: UpdateCondition = { Name: "owner", Exists: false };
 * const ifEquals: UpdateCondition = { Name: "version", Value: "0000000007" };
 * ```
 */
export interface UpdateCondition {
  Name?: string | undefined;
  Value?: string | undefined;
  Exists?: boolean | undefined;
}

/**
 * An item returned by Select.
 *
 * @example
 * ```ts
 * const item: Item = { Name: "j1", Attributes: [{ Name: "state", Value: "new" }] };
 * ```
 */
export interface Item {
  Name: string;
  Attributes: Attribute[];
}

/**
 * An item of BatchPutAttributes.
 *
 * @example
 * ```ts
 * const item: ReplaceableItem = { Name: "j1", Attributes: [{ Name: "state", Value: "new", Replace: true }] };
 * ```
 */
export interface ReplaceableItem {
  Name: string;
  Attributes: ReplaceableAttribute[];
}

/**
 * An item of BatchDeleteAttributes; without `Attributes` the whole item is deleted.
 *
 * @example
 * ```ts
 * const item: DeletableItem = { Name: "j1" }; // deletes the whole item
 * ```
 */
export interface DeletableItem {
  Name: string;
  Attributes?: DeletableAttribute[] | undefined;
}

/**
 * Per-call options of `client.send`.
 *
 * @example
 * ```ts
 * await client.send(new ListDomainsCommand({}), { abortSignal: AbortSignal.timeout(2_000) });
 * ```
 */
export interface SendOptions {
  /** Cancels the call before, during, or between attempts. */
  abortSignal?: AbortSignal | undefined;
}
