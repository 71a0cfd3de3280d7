import { type RequestParams, requireString } from "../protocol/query.js";
import { SimpleDbCommand } from "../simpledb-command.js";
import type { SimpleDbOutput } from "../types.js";

/**
 * Input of {@link DeleteDomainCommand}.
 *
 * @example
 * ```ts
 * const input: DeleteDomainCommandInput = { DomainName: "jobs" };
 * await client.send(new DeleteDomainCommand(input));
 * ```
 */
export interface DeleteDomainCommandInput {
  DomainName: string;
}

/**
 * Output of {@link DeleteDomainCommand} (metadata only).
 *
 * @example
 * ```ts
 * const output: DeleteDomainCommandOutput = await client.send(new DeleteDomainCommand(input));
 * ```
 */
export interface DeleteDomainCommandOutput extends SimpleDbOutput {}

/**
 * Deletes a domain and all its items. Deleting a missing domain is not an
 * error.
 *
 * @example
 * ```ts
 * await client.send(new DeleteDomainCommand({ DomainName: "jobs" }));
 * ```
 */
export class DeleteDomainCommand extends SimpleDbCommand<
  DeleteDomainCommandInput,
  DeleteDomainCommandOutput
> {
  readonly action = "DeleteDomain";
  readonly isWrite = true;
  serialize(): RequestParams {
    return { DomainName: requireString(this.input.DomainName, "DomainName") };
  }
  deserialize(): Omit<DeleteDomainCommandOutput, "$metadata" | "BoxUsage"> {
    return {};
  }
}
