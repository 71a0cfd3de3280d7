import type { RequestParams } from "./protocol/query.js";
import type { ParsedSuccess } from "./protocol/xml.js";
import type { SimpleDbOutput } from "./types.js";

/**
 * Base class of the ten command classes. A command is the input plus how to
 * turn it into form parameters and how to read the result element, like the
 * AWS SDK v3's commands. Instances are immutable and can be sent repeatedly.
 *
 * @typeParam Input - the `…CommandInput` shape
 * @typeParam Output - the `…CommandOutput` shape
 *
 * @example
 * ```ts
 * const cmd = new GetAttributesCommand({ DomainName: "jobs", ItemName: "j1" });
 * const out = await client.send(cmd);
 * ```
 */
export abstract class SimpleDbCommand<Input extends object, Output extends SimpleDbOutput> {
  /** The SimpleDB `Action` parameter. */
  abstract readonly action: string;
  /**
   * Whether the action changes data. Only writes get `$mayHaveApplied` on
   * ambiguous failures.
   */
  abstract readonly isWrite: boolean;

  constructor(readonly input: Input) {}

  /** Form parameters specific to this action (without Action, Version, auth). */
  abstract serialize(): RequestParams;

  /** Reads the action's result from a parsed success body. */
  abstract deserialize(parsed: ParsedSuccess): Omit<Output, "$metadata" | "BoxUsage">;
}
