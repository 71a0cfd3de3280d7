import type { CallOptions } from "../types.js";
import { rethrown } from "./guard.js";
import { holdsId, requireId } from "./ids.js";
import { enter, type StoreContext } from "./store-context.js";

/** Arguments of a front-end method: at most four, the call options among them. */
type Args = [unknown?, unknown?, unknown?, unknown?];

/**
 * One front-end method as data: where its options are, what it checks before any I/O, and the I/O.
 * Specs are module-level constants; {@link bindMethods} turns each into one guarded function per handle.
 *
 * @remarks
 * The guard runs, in this order: the state and abort checks (`JOBSTORE_CLOSED`, `JOBSTORE_NOT_OPEN`,
 * `JOBSTORE_ABORTED`); `check` (argument errors, thrown as they are); for a `lookup`, the answer for an
 * ID the backend cannot hold, without I/O; then `io`, whose errors are normalised into
 * {@link JobStoreError}s, except a {@link CallerFailure}, which is unwrapped.
 */
export interface MethodSpec<P = unknown> {
  /** The index of the call-options argument. */
  readonly optionsAt: 0 | 1 | 2 | 3;
  /** Callable before `initialize`/`resume` (`initialize`, `resume`, `destroy`). */
  readonly beforeOpen?: boolean;
  /**
   * Argument 0 is an ID that is looked up: a non-string is a `TypeError`; an ID no backend could hold
   * (empty, a lone surrogate, over `maxIdBytes`) gets `absent(id)` without I/O.
   */
  readonly lookup?: { readonly kind: "jobId" | "fileId"; absent(id: string): unknown };
  /** Synchronous checks before any I/O; what it returns is handed to `io` as `prepared`. */
  readonly check?: (ctx: StoreContext, a: never, b: never, c: never, d: never) => P;
  /** The work: backend calls and whatever joins them. */
  readonly io: (
    ctx: StoreContext,
    signal: AbortSignal | undefined,
    prepared: P,
    a: never,
    b: never,
    c: never,
    d: never,
  ) => Promise<unknown>;
}

/** A table of specs, one per method name. */
export type MethodTable = Readonly<Record<string, MethodSpec<never>>>;

/** A spec as written in a table, with its argument types checked against `io`'s parameters. */
interface TypedSpec {
  optionsAt: 0 | 1 | 2 | 3;
  beforeOpen?: boolean;
  lookup?: { kind: "jobId" | "fileId"; absent(id: string): unknown };
}

/**
 * Declares a spec, with `check`'s result and argument types flowing into `io` (the table stores them
 * loosely).
 */
export function method<P, A extends Args>(
  spec: TypedSpec & {
    check: (ctx: StoreContext, ...args: A) => P;
    io: (
      ctx: StoreContext,
      signal: AbortSignal | undefined,
      prepared: NoInfer<P>,
      ...args: A
    ) => Promise<unknown>;
  },
): MethodSpec<never>;
export function method<A extends Args>(
  spec: TypedSpec & {
    io: (
      ctx: StoreContext,
      signal: AbortSignal | undefined,
      prepared: undefined,
      ...args: A
    ) => Promise<unknown>;
  },
): MethodSpec<never>;
export function method(spec: TypedSpec): MethodSpec<never> {
  return spec as unknown as MethodSpec<never>;
}

/**
 * Makes the guarded function for one spec. Fixed arity and no closure per call: the per-call cost is
 * the checks themselves.
 */
export function guard(ctx: StoreContext, name: string, spec: MethodSpec<never>) {
  const { optionsAt, check, lookup, io } = spec;
  const needsOpen = spec.beforeOpen !== true;
  const backendName = ctx.backend.name;
  return async function guarded(a?: unknown, b?: unknown, c?: unknown, d?: unknown): Promise<unknown> {
    const options = (optionsAt === 0 ? a : optionsAt === 1 ? b : optionsAt === 2 ? c : d) as
      | CallOptions
      | undefined;
    const signal = enter(ctx, name, options, needsOpen);
    const prepared = check ? check(ctx, a as never, b as never, c as never, d as never) : undefined;
    if (lookup && !holdsId(ctx.caps, requireId(lookup.kind, a))) return lookup.absent(a as string);
    try {
      return await io(ctx, signal, prepared as never, a as never, b as never, c as never, d as never);
    } catch (err) {
      throw rethrown(err, backendName, name, signal);
    }
  };
}

/** Binds every spec of `table` to `ctx`: the methods of one handle. */
export function bindMethods<T>(ctx: StoreContext, table: MethodTable): T {
  const methods: Record<string, unknown> = {};
  for (const name of Object.keys(table)) methods[name] = guard(ctx, name, table[name] as MethodSpec<never>);
  return methods as T;
}
