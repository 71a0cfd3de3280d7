import type { JobStoreBackend } from "../backend.js";
import type { JobStoreCapabilities } from "../capabilities.js";
import { JobStoreError, throwIfAborted } from "../errors.js";
import type { CallOptions, JobStoreConfig } from "../types.js";

/** Where a handle is in its life: before `initialize`/`resume`, usable, or closed for good. */
export type StoreState = "new" | "open" | "closed";

/**
 * What the parts of the front end share: the backend, its capabilities and the handle's state. One per
 * handle, made once; every guarded method reads it, none allocates per call.
 */
export interface StoreContext {
  readonly backend: JobStoreBackend;
  readonly caps: JobStoreCapabilities;
  state: StoreState;
  /** The config, once `initialize`/`resume` loaded it. */
  config: JobStoreConfig | undefined;
}

/** A fresh context for `backend`, in state `"new"`. */
export function createStoreContext(backend: JobStoreBackend): StoreContext {
  return { backend, caps: backend.capabilities, state: "new", config: undefined };
}

/**
 * Checks state and signal before any I/O; returns the signal to pass on.
 *
 * @throws {@link JobStoreError} `JOBSTORE_CLOSED`, `JOBSTORE_NOT_OPEN` (when `needsOpen`), `JOBSTORE_ABORTED`.
 */
export function enter(
  ctx: StoreContext,
  what: string,
  options: CallOptions | undefined,
  needsOpen = true,
): AbortSignal | undefined {
  if (ctx.state !== "open") {
    if (ctx.state === "closed") throw closedError(what);
    if (needsOpen) {
      throw new JobStoreError("JOBSTORE_NOT_OPEN", `${what}: call initialize() or resume() first`);
    }
  }
  const signal = options?.signal;
  throwIfAborted(signal);
  return signal;
}

/** The error every call on a closed handle gets. */
export function closedError(what: string): JobStoreError {
  return new JobStoreError("JOBSTORE_CLOSED", `${what}: the store is closed`);
}

// Shared by every call without a signal: backends only read their options.
const NO_OPTIONS: CallOptions = Object.freeze({});

/** The options object a backend receives: always present, with the signal when there is one. */
export function opts(signal: AbortSignal | undefined): CallOptions {
  return signal ? { signal } : NO_OPTIONS;
}
