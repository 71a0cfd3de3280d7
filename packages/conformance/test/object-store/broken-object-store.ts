// Deliberately broken adapters for describeObjectStore's self-test: each wraps the reference adapter
// (fs-object-store.ts) and breaks one promise of the ObjectStore contract. No vitest here: racer
// processes import it.
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { isObjectStoreError, type ObjectStore, ObjectStoreError } from "@jobstore/object-store";
import { createFsObjectStore, type FsObjectStoreConfig } from "./fs-object-store.js";

/** Each flaw, and the bug it plants. */
export const FLAWS = {
  "ignores-conditions": "put, completeUpload and delete drop their conditions and always write",
  "check-then-write":
    "conditions are checked with a head, then the put goes unconditionally 200 ms later (a slow round trip)",
  "stale-listing": "list leaves out objects written in the last 5 s, as a lagging index would",
  "abort-leaves-upload": "abortUpload resolves without aborting anything",
  "aborted-as-transient": 'a fired signal rejects with kind "transient" instead of "aborted"',
  "plain-errors": "every rejection is a plain Error, not an ObjectStoreError",
  "missing-is-error":
    'get, open and head of a missing key reject with kind "missing" instead of resolving undefined',
  "raw-stream-errors":
    "an opened object's stream fails with a plain Error (as the SDK's body would), not an ObjectStoreError",
  "range-end-exclusive": "a range's end is taken as exclusive, so every ranged read is one byte short",
} as const;
export type Flaw = keyof typeof FLAWS;

/** The factory's config: the reference adapter's root plus the flaw to plant. */
export interface BrokenObjectStoreConfig extends FsObjectStoreConfig {
  flaw: Flaw;
}

const LISTING_LAG_MS = 5000;
const CHECK_TO_WRITE_MS = 200;

/** Every rejection of `store`'s operations (listings included) passed through `map`. */
function mapErrors(store: ObjectStore, map: (err: unknown) => unknown): ObjectStore {
  const wrapped: Record<string, unknown> = { ...store };
  for (const [name, value] of Object.entries(store)) {
    if (typeof value !== "function" || name === "close") continue;
    if (name === "list" || name === "listUploads") {
      wrapped[name] = async function* (...args: unknown[]) {
        try {
          yield* value(...args);
        } catch (err) {
          throw map(err);
        }
      };
    } else {
      wrapped[name] = async (...args: unknown[]) => {
        try {
          return await value(...args);
        } catch (err) {
          throw map(err);
        }
      };
    }
  }
  return wrapped as unknown as ObjectStore;
}

function plant(store: ObjectStore, flaw: Flaw): ObjectStore {
  switch (flaw) {
    case "ignores-conditions":
      return {
        ...store,
        put: (key, body, _condition, o) => store.put(key, body, undefined, o),
        completeUpload: (key, id, parts, _condition, o) => store.completeUpload(key, id, parts, undefined, o),
        delete: (key, o) => store.delete(key, { signal: o.signal }),
      };
    case "check-then-write":
      return {
        ...store,
        async put(key, body, condition, o) {
          if (condition === undefined) return store.put(key, body, undefined, o);
          const current = (await store.head(key, o))?.tag;
          const holds =
            "ifNoneMatch" in condition
              ? current === undefined
              : current !== undefined && [current, "*"].includes(condition.ifMatch);
          if (!holds)
            return {
              written: false,
              lost: "ifNoneMatch" in condition ? "exists" : "changed",
              uncertain: false,
            };
          await sleep(CHECK_TO_WRITE_MS);
          return store.put(key, body, undefined, o);
        },
      };
    case "stale-listing":
      return {
        ...store,
        async *list(prefix, o) {
          const horizon = Date.now() - LISTING_LAG_MS;
          for await (const page of store.list(prefix, o)) {
            yield page.filter((info) => (info.lastModified?.getTime() ?? 0) < horizon);
          }
        },
      };
    case "abort-leaves-upload":
      return { ...store, abortUpload: async () => {} };
    case "aborted-as-transient":
      return mapErrors(store, (err) =>
        isObjectStoreError(err, "aborted")
          ? new ObjectStoreError("transient", err.message, { cause: err })
          : err,
      );
    case "plain-errors":
      return mapErrors(store, (err) => (isObjectStoreError(err) ? new Error(err.message) : err));
    case "missing-is-error": {
      const missing = (key: string) => new ObjectStoreError("missing", `${key} does not exist`);
      return {
        ...store,
        get: async (key, o) => (await store.get(key, o)) ?? Promise.reject(missing(key)),
        open: async (key, o) => (await store.open(key, o)) ?? Promise.reject(missing(key)),
        head: async (key, o) => (await store.head(key, o)) ?? Promise.reject(missing(key)),
      };
    }
    case "raw-stream-errors":
      return {
        ...store,
        async open(key, o) {
          const found = await store.open(key, o);
          if (!found) return found;
          const body = new PassThrough();
          found.body.on("error", (err) => body.destroy(new Error(err.message)));
          return { ...found, body: found.body.pipe(body) };
        },
      };
    case "range-end-exclusive": {
      const shorten = <T extends { range?: { start: number; end: number } }>(o: T): T =>
        o.range && o.range.end > o.range.start ? { ...o, range: { ...o.range, end: o.range.end - 1 } } : o;
      return {
        ...store,
        get: (key, o) => store.get(key, shorten(o)),
        open: (key, o) => store.open(key, shorten(o)),
      };
    }
  }
}

/** The reference adapter with `config.flaw` planted. */
export function createBrokenObjectStore(container: string, config: unknown): ObjectStore {
  const { flaw, root } = config as BrokenObjectStoreConfig;
  if (!(flaw in FLAWS)) throw new TypeError(`unknown flaw ${JSON.stringify(flaw)}`);
  return plant(createFsObjectStore(container, { root }), flaw);
}
