import type { JobStoreBackend } from "../backend.js";
import type { JobStoreCapabilities } from "../capabilities.js";
import { JobStoreError, throwIfAborted } from "../errors.js";
import type { CallOptions } from "../types.js";
import { normaliseError } from "./guard.js";

/** Where a handle is in its life: before `initialize`/`resume`, usable, or closed for good. */
export type StoreState = "new" | "open" | "closed";

/**
 * What the parts of the front-end share: the backend, the handle's state, and the guards every call
 * goes through (state and abort checks before I/O, error normalisation after).
 */
export interface StoreContext {
  readonly backend: JobStoreBackend;
  readonly caps: JobStoreCapabilities;
  state: StoreState;
  /** Checks state and signal before any I/O; returns the signal to pass on. */
  enter(what: string, options: CallOptions | undefined, needsOpen?: boolean): AbortSignal | undefined;
  /** Runs backend work, turning whatever it throws into a {@link JobStoreError}. */
  call<T>(what: string, signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T>;
}

export function createStoreContext(backend: JobStoreBackend): StoreContext {
  const ctx: StoreContext = {
    backend,
    caps: backend.capabilities,
    state: "new",
    enter(what, options, needsOpen = true) {
      if (ctx.state === "closed") throw closedError(what);
      if (needsOpen && ctx.state !== "open") {
        throw new JobStoreError("JOBSTORE_NOT_OPEN", `${what}: call initialize() or resume() first`);
      }
      throwIfAborted(options?.signal);
      return options?.signal;
    },
    async call(what, signal, fn) {
      try {
        return await fn();
      } catch (err) {
        throw normaliseError(err, backend.name, what, signal);
      }
    },
  };
  return ctx;
}

export function closedError(what: string): JobStoreError {
  return new JobStoreError("JOBSTORE_CLOSED", `${what}: the store is closed`);
}

/** The options object a backend receives: always present, with the signal when there is one. */
export function opts(signal: AbortSignal | undefined): CallOptions {
  return signal ? { signal } : {};
}
