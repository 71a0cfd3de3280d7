import type { FileInfo, Leftover, LogEntry, SharedFileInfo } from "../backend.js";
import { JobStoreError } from "../errors.js";
import type { CallOptions, RemoveLeftoversOptions, StoredJob } from "../types.js";
import { rethrown } from "./guard.js";
import { holdsId } from "./ids.js";
import { type MethodTable, method } from "./method-table.js";
import { enter, opts, type StoreContext } from "./store-context.js";

/** The kind of leftover the front end finds itself: a `cleanup` file whose owning job is gone. */
export const ORPHAN_FILE = "orphan-file";

/**
 * A backend walk behind the guard: state and signal checked when the walk is asked for and again at
 * its first step (the handle may have been closed, or the signal aborted, in between), errors
 * normalised at every step, items with a key already seen skipped, and the backend's walk always ended.
 */
export function guardedWalk<T>(
  ctx: StoreContext,
  name: string,
  options: CallOptions | undefined,
  walk: (ctx: StoreContext, signal: AbortSignal | undefined) => AsyncIterable<T>,
  keyOf?: (item: T) => string,
): AsyncIterable<T> {
  const signal = enter(ctx, name, options);
  return {
    async *[Symbol.asyncIterator]() {
      enter(ctx, name, options);
      const seen = keyOf ? new Set<string>() : undefined;
      let iterator: AsyncIterator<T> | undefined;
      let exhausted = false;
      try {
        iterator = walk(ctx, signal)[Symbol.asyncIterator]();
        while (true) {
          const next = await iterator.next();
          if (next.done) {
            exhausted = true;
            return;
          }
          // Never twice, whatever a paginating backend does while things change under it.
          if (seen && keyOf) {
            const key = keyOf(next.value);
            if (seen.has(key)) continue;
            seen.add(key);
          }
          yield next.value;
        }
      } catch (err) {
        throw rethrown(err, ctx.backend.name, name, signal);
      } finally {
        // A consumer that breaks out early (or a failed step) must still let the backend end its walk.
        if (!exhausted) await Promise.resolve(iterator?.return?.()).catch(() => {});
      }
    },
  };
}

/** The backend's own leftovers, then the `cleanup` files whose owning job no longer exists. */
async function* leftoversOf(ctx: StoreContext, signal: AbortSignal | undefined): AsyncIterable<Leftover> {
  const { backend } = ctx;
  if (backend.findLeftovers) yield* backend.findLeftovers(opts(signal));
  const alive = new Map<string, boolean>();
  for await (const file of backend.listFiles(opts(signal))) {
    if (!file.cleanup || file.jobId === undefined) continue;
    let owned = alive.get(file.jobId);
    if (owned === undefined) {
      owned = await backend.jobExists(file.jobId, opts(signal));
      alive.set(file.jobId, owned);
    }
    if (!owned) yield { kind: ORPHAN_FILE, id: file.fileId, size: file.size };
  }
}

/** The listing methods of a handle: each returns its iterable synchronously. */
export interface Listings {
  jobs(options?: CallOptions): AsyncIterable<StoredJob>;
  listFiles(options?: CallOptions): AsyncIterable<FileInfo>;
  listSharedFiles(options?: CallOptions): AsyncIterable<SharedFileInfo>;
  listLogs(options?: CallOptions): AsyncIterable<LogEntry>;
  findLeftovers(options?: CallOptions): AsyncIterable<Leftover>;
}

/** Binds the listing methods to one handle. */
export function createListings(ctx: StoreContext): Listings {
  return {
    jobs: (options) =>
      guardedWalk(
        ctx,
        "jobs",
        options,
        (c, s) => c.backend.jobs(opts(s)),
        (job) => job.jobStoreId,
      ),
    listFiles: (options) =>
      guardedWalk(
        ctx,
        "listFiles",
        options,
        (c, s) => c.backend.listFiles(opts(s)),
        (file) => file.fileId,
      ),
    listSharedFiles: (options) =>
      guardedWalk(
        ctx,
        "listSharedFiles",
        options,
        (c, s) => c.backend.listSharedFiles(opts(s)),
        (f) => f.name,
      ),
    // Log messages have no identity: two equal messages are two messages.
    listLogs: (options) => guardedWalk(ctx, "listLogs", options, (c, s) => c.backend.listLogs(opts(s))),
    findLeftovers: (options) =>
      guardedWalk(ctx, "findLeftovers", options, leftoversOf, (l) => `${l.kind}\0${l.id}`),
  };
}

function requireLeftovers(ctx: StoreContext, leftovers: unknown): readonly Leftover[] {
  if (!Array.isArray(leftovers)) throw new TypeError("removeLeftovers: expected an array of leftovers");
  for (const l of leftovers as Leftover[]) {
    if (typeof l !== "object" || l === null || typeof l.kind !== "string" || typeof l.id !== "string") {
      throw new TypeError("removeLeftovers: a leftover needs a string kind and id");
    }
    if (l.kind !== ORPHAN_FILE && !ctx.backend.removeLeftovers) {
      throw new JobStoreError(
        "JOBSTORE_NOT_SUPPORTED",
        `removeLeftovers: the ${ctx.backend.name} backend reports no leftovers of kind ${l.kind}`,
      );
    }
  }
  return leftovers as readonly Leftover[];
}

/** `removeLeftovers`: orphan files through `deleteFile`, the rest through the backend. */
export const LEFTOVER_METHODS: MethodTable = {
  removeLeftovers: method({
    optionsAt: 1,
    check: (ctx: StoreContext, leftovers: readonly Leftover[], _options?: RemoveLeftoversOptions) =>
      requireLeftovers(ctx, leftovers),
    async io(ctx, signal, leftovers) {
      const own = leftovers.filter((l) => l.kind !== ORPHAN_FILE);
      for (const l of leftovers) {
        if (l.kind === ORPHAN_FILE && holdsId(ctx.caps, l.id))
          await ctx.backend.deleteFile(l.id, opts(signal));
      }
      if (own.length > 0) await ctx.backend.removeLeftovers?.(own, opts(signal));
    },
  }),
};
