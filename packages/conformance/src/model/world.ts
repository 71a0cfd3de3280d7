import type { JobStore, JobStoreCapabilities, JobStoreConfig } from "@jobstore/core";
import type { ExpectStatic } from "vitest";
import type { ModelState } from "./reference-model.js";

/**
 * The two handles every property run opens on one store, as a writer and a reader process would.
 *
 * @public
 */
export type HandleName = "a" | "b";

/**
 * The fast-check model: the pure state, swapped for a new value by each command.
 *
 * @public
 */
export interface ModelWorld {
  /** What every handle must observe now. */
  state: ModelState;
  /** The config `initialize` persisted; every `resume` must load it back. */
  readonly config: JobStoreConfig;
}

/**
 * The system under test: two handles on one fresh store, and what commands need around them.
 *
 * @public
 */
export interface RealWorld {
  /** The open handles by name. */
  readonly handles: Record<HandleName, JobStore>;
  /** Closes a handle and replaces it with a freshly resumed one on the same store. */
  reopen(handle: HandleName): Promise<void>;
  /** A private directory for local files (path writes and reads). */
  readonly tempDir: string;
  /** The backend's capabilities (read from the backend, never from options). */
  readonly capabilities: JobStoreCapabilities;
  /** The running test's `expect`. */
  readonly expect: ExpectStatic;
}

/**
 * The handle that did not run a command: effects are checked through it too.
 *
 * @example
 * ```ts
 * const reader = r.handles[otherHandle("a")];
 * ```
 * @public
 */
export function otherHandle(handle: HandleName): HandleName {
  return handle === "a" ? "b" : "a";
}

/**
 * Picks the `pick`-th element modulo the length (how commands name jobs and files without knowing
 * their IDs in advance), or `undefined` from an empty list.
 *
 * @example
 * ```ts
 * const fileId = pickFrom(m.state.knownFileIds, this.pick);
 * ```
 * @public
 */
export function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items.length === 0 ? undefined : items[pick % items.length];
}
