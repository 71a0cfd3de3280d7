import { type RequestParams, requireString } from "../protocol/query.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { SimpleDbOutput } from "../types.js";

/**
 * Input of {@link CreateDomainCommand}.
 *
 * @example
 * ```ts
 * const input: CreateDomainCommandInput = { DomainName: "jobs" };
 * await client.send(new CreateDomainCommand(input));
 * ```
 */
export interface CreateDomainCommandInput {
  /** 3–255 characters of `a-z A-Z 0-9 _ - .`. */
  DomainName: string;
}

/**
 * Output of {@link CreateDomainCommand} (metadata only).
 *
 * @example
 * ```ts
 * const output: CreateDomainCommandOutput = await client.send(new CreateDomainCommand(input));
 * ```
 */
export interface CreateDomainCommandOutput extends SimpleDbOutput {}

/**
 * Creates a domain. Idempotent: creating an existing domain succeeds.
 *
 * @throws {@link InvalidParameterValueException} bad name;
 * {@link NumberDomainsExceededException} the account has too many domains.
 *
 * @example
 * ```ts
 * await client.send(new CreateDomainCommand({ DomainName: "jobs" }));
 * ```
 */
export class CreateDomainCommand extends SimpleDbCommand<
  CreateDomainCommandInput,
  CreateDomainCommandOutput
> {
  readonly action = "CreateDomain";
  readonly isWrite = true;
  serialize(): RequestParams {
    return { DomainName: requireString(this.input.DomainName, "DomainName") };
  }
  deserialize(): Omit<CreateDomainCommandOutput, "$metadata" | "BoxUsage"> {
    return {};
  }
}
