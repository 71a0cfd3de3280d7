import type { JobStore } from "@jobstore/core";
import type fc from "fast-check";
import { verifyObservableState } from "./checks.js";
import { type HandleName, type ModelWorld, otherHandle, type RealWorld } from "./world.js";

/**
 * The base of every model command: run the operation through one handle, update the model, then check
 * the observable state through the other handle (so each step is also a cross-handle read).
 *
 * @remarks
 * Subclasses implement {@link StoreCommand.apply}, returning the file IDs whose bytes must be re-read,
 * and `describe` for the printed command list (a shrunk counterexample is printed with it).
 *
 * @example
 * ```ts
 * class Noop extends StoreCommand {
 *   protected async apply() { return []; }
 *   protected describe() { return "noop"; }
 * }
 * ```
 * @public
 */
export abstract class StoreCommand implements fc.AsyncCommand<ModelWorld, RealWorld> {
  constructor(readonly handle: HandleName) {}

  check(_model: Readonly<ModelWorld>): boolean {
    return true;
  }

  async run(model: ModelWorld, real: RealWorld): Promise<void> {
    const touched = await this.apply(model, real, real.handles[this.handle]);
    await verifyObservableState(real, real.handles[otherHandle(this.handle)], model.state, touched);
  }

  toString(): string {
    return `${this.handle}.${this.describe()}`;
  }

  /** Runs the operation on `store`, asserts its result, and moves `model.state` on. */
  protected abstract apply(model: ModelWorld, real: RealWorld, store: JobStore): Promise<readonly string[]>;

  /** The call as printed in a counterexample, without the handle. */
  protected abstract describe(): string;
}

/**
 * Shortens a value for a printed command list.
 *
 * @example
 * ```ts
 * brief({ a: 1 }); // '{"a":1}'
 * ```
 * @public
 */
export function brief(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length} chars)`;
}
