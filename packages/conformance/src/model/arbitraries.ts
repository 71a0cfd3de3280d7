import type { JobStoreCapabilities } from "@jobstore/core";
import fc from "fast-check";
import type { Payload } from "./payload.js";

/** No generated payload exceeds this, whatever the backend's part size: 100 runs must stay quick. */
export const MAX_PAYLOAD_BYTES = 12 * 1024 * 1024;

/**
 * A job to create or update, before the store assigns its ID and version.
 *
 * @public
 */
export interface JobSpec {
  /** A human-readable name (unicode). */
  readonly jobName: string;
  /** The opaque body: any JSON, unicode strings, nesting. */
  readonly body: fc.JsonValue;
  /** When set, a padding field brings the stored job's JSON to exactly this many UTF-8 bytes (if it can). */
  readonly jsonBytes: number | undefined;
  /** Seeds the padding text. */
  readonly seed: number;
}

/** Sizes `k × limit + d` for small multiples `k` and `d` in -1..1, capped at `max`. */
function aroundLimit(limit: number, multiples: readonly number[], max: number): number[] {
  if (limit <= 0) return [];
  const sizes = multiples.flatMap((k) => [-1, 0, 1].map((d) => Math.round(k * limit) + d));
  return sizes.filter((size) => size >= 0 && size <= max);
}

/**
 * Sizes of file content worth probing on this backend: empty, tiny, small, and the inline and part
 * limits of its capabilities ±1 and at small multiples (2.33 parts as in Toil's multipart test).
 *
 * @example
 * ```ts
 * fc.sample(fileSizeArbitrary(store.capabilities), 5);
 * ```
 * @public
 */
export function fileSizeArbitrary(capabilities: JobStoreCapabilities): fc.Arbitrary<number> {
  const boundaries = [
    ...aroundLimit(capabilities.inlineFileLimit, [1, 2, 3], MAX_PAYLOAD_BYTES),
    ...aroundLimit(capabilities.partSize, [1, 2, 2.33], MAX_PAYLOAD_BYTES),
  ];
  return fc.oneof(
    { arbitrary: fc.constantFrom(0, 1), weight: 2 },
    { arbitrary: fc.integer({ min: 2, max: 300 }), weight: 5 },
    { arbitrary: fc.integer({ min: 301, max: 70_000 }), weight: 1 },
    ...(boundaries.length > 0 ? [{ arbitrary: fc.constantFrom(...boundaries), weight: 3 }] : []),
  );
}

/**
 * File content for this backend's limits, written in one to six pieces.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(payloadArbitrary(caps), (p) => payloadBytes(p).length === p.size));
 * ```
 * @public
 */
export function payloadArbitrary(capabilities: JobStoreCapabilities): fc.Arbitrary<Payload> {
  return fc.record({
    size: fileSizeArbitrary(capabilities),
    seed: fc.integer(),
    pieces: fc.integer({ min: 1, max: 6 }),
  });
}

/**
 * Opaque JSON of any shape: unicode (including lone surrogates) and nesting.
 *
 * @example
 * ```ts
 * fc.sample(jsonBodyArbitrary(), 3);
 * ```
 * @public
 */
export function jsonBodyArbitrary(): fc.Arbitrary<fc.JsonValue> {
  // Hand-made string units: fast-check's built-in "binary" unit takes seconds to construct, and
  // "grapheme" inside jsonValue about one; these cost nothing and cover the same ground.
  const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
  const grapheme = fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 });
  return fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.jsonValue({ maxDepth: 3, stringUnit: grapheme }),
    // Every code point, lone surrogates included: they must survive the store's encoding.
    fc.jsonValue({ maxDepth: 2, stringUnit: anyCodePoint }),
  );
}

/**
 * Jobs whose stored JSON lands around this backend's chunk and overlarge limits ±1 and at small
 * multiples, and mostly small ones.
 *
 * @example
 * ```ts
 * fc.sample(jobSpecArbitrary(store.capabilities), 3);
 * ```
 * @public
 */
export function jobSpecArbitrary(capabilities: JobStoreCapabilities): fc.Arbitrary<JobSpec> {
  const boundaries = [
    ...aroundLimit(capabilities.jobChunkSize, [1, 2, 3], MAX_PAYLOAD_BYTES),
    ...aroundLimit(capabilities.overlargeJobThreshold, [1, 2], MAX_PAYLOAD_BYTES),
  ];
  const sizes: fc.Arbitrary<number | undefined> =
    boundaries.length > 0
      ? fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 4 },
          { arbitrary: fc.constantFrom(...boundaries), weight: 2 },
        )
      : fc.oneof(
          { arbitrary: fc.constant(undefined), weight: 4 },
          { arbitrary: fc.integer({ min: 200, max: 40_000 }), weight: 1 },
        );
  return fc.record({
    jobName: fc.string({ unit: "grapheme", maxLength: 12 }),
    body: jsonBodyArbitrary(),
    jsonBytes: sizes,
    seed: fc.integer(),
  });
}

/**
 * A log message: text (stored as UTF-8) or bytes.
 *
 * @example
 * ```ts
 * fc.sample(logMessageArbitrary(), 3);
 * ```
 * @public
 */
export function logMessageArbitrary(): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(fc.string({ unit: "grapheme", maxLength: 40 }), fc.uint8Array({ maxLength: 600 }));
}

/** Shared file names the model owns (never the store's own `config.json` or `rootJobStoreID`). */
export const MODEL_SHARED_NAMES = ["a", "stats.json", "x-Y_z.1"] as const;

/**
 * One of the shared file names the model uses.
 *
 * @example
 * ```ts
 * fc.sample(sharedNameArbitrary(), 1);
 * ```
 * @public
 */
export function sharedNameArbitrary(): fc.Arbitrary<string> {
  return fc.constantFrom(...MODEL_SHARED_NAMES);
}
