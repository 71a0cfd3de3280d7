import { randomUUID } from "node:crypto";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import type { MetadataObjects } from "./mapped-objects.js";
import { PROBE_PREFIX, STORE_MARKER_KEY } from "./object-keys.js";

/** The store marker's format; a marker of another format is refused rather than misread. */
export const MARKER_FORMAT = 1;
// A tag no object has: a write conditional on it must fail.
const BOGUS_TAG = "00000000000000000000000000000000";

/**
 * What the store marker records: that the store exists, and how its server wants conditions.
 *
 * @remarks The bytes are `JSON.stringify` of the fields in this order, as `s3:` stores have always
 * written them (`{"format":1,"ifMatch":"unquoted","ifMatchAny":true}`); `ifMatch` is left out for an
 * adapter without a {@link ConditionDialect}.
 * @internal
 */
export interface StoreMarker {
  format: number;
  /** The adapter's condition dialect setting (S3: the `If-Match` form, `quoted` or `unquoted`). */
  ifMatch?: string | undefined;
  /** Whether the server honours `ifMatch: "*"` on put ("replace, but only what exists"). */
  ifMatchAny: boolean;
}

/** What a probe or check found wrong, naming the server. */
async function notSupported(objects: MetadataObjects, backend: string, what: string): Promise<JobStoreError> {
  return new JobStoreError(
    "JOBSTORE_NOT_SUPPORTED",
    `the server of ${await objects.describe()} ${what}; the ${backend}: store needs conditional writes ` +
      "(create only if absent, replace only if the tag matches: If-None-Match and If-Match) to detect conflicting writes",
    { backend },
  );
}

/**
 * Checks, on a fresh probe object, that the server honours create-if-absent and replace-if-matches, and
 * finds which dialect setting it takes (trying each of the adapter's candidates; without a dialect the
 * adapter's only form) and whether it honours `ifMatch: "*"`. On S3: five to seven PutObjects, one
 * DeleteObject, and one more DeleteObject + PutObject for the wildcard check.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` naming the endpoint when a write that must fail
 * succeeds, or no form matches; `JOBSTORE_NO_SUCH_STORE` (no container), `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const { ifMatch } = await probeConditionalWrites(objects, "s3", {}); // "unquoted" on radosgw
 * ```
 * @internal
 */
export async function probeConditionalWrites(
  objects: MetadataObjects,
  backend: string,
  options: CallOptions,
): Promise<Omit<StoreMarker, "format">> {
  const key = `${PROBE_PREFIX}${randomUUID()}`;
  const body = Buffer.from(key);
  const { dialect } = objects;
  try {
    const created = await objects.put(key, body, { ifNoneMatch: "*" }, options);
    if (!created.written) throw await notSupported(objects, backend, "refused to create a new object");
    if ((await objects.put(key, body, { ifNoneMatch: "*" }, options)).written) {
      throw await notSupported(objects, backend, "ignores If-None-Match (it overwrote an existing object)");
    }
    if ((await objects.put(key, body, { ifMatch: BOGUS_TAG }, options)).written) {
      throw await notSupported(objects, backend, "ignores If-Match (it overwrote an object of another ETag)");
    }
    let ifMatch: string | undefined;
    let matched = false;
    for (const candidate of dialect ? dialect.candidates : [undefined]) {
      if (candidate !== undefined) dialect?.use(candidate);
      if ((await objects.put(key, body, { ifMatch: created.tag }, options)).written) {
        ifMatch = candidate;
        matched = true;
        break;
      }
    }
    if (!matched) {
      throw await notSupported(objects, backend, "accepts no form of If-Match with the object's own ETag");
    }
    return { ifMatch, ifMatchAny: await honoursIfMatchAny(objects, key, body, options) };
  } finally {
    await objects.delete(key, {}).catch(() => undefined);
  }
}

/**
 * Whether `ifMatch: "*"` replaces an existing object and refuses to create a missing one. Any error
 * (e.g. a server that rejects the wildcard as a malformed ETag) counts as "no".
 */
async function honoursIfMatchAny(
  objects: MetadataObjects,
  key: string,
  body: Buffer,
  options: CallOptions,
): Promise<boolean> {
  try {
    if (!(await objects.put(key, body, { ifMatch: "*" }, options)).written) return false;
    await objects.delete(key, options);
    return !(await objects.put(key, body, { ifMatch: "*" }, options)).written;
  } catch {
    return false;
  }
}

/**
 * Checks on an existing store that the server still refuses writes that must fail: a create of the
 * marker (`ifNoneMatch: "*"`) and a write of it under a wrong tag. Puts of the marker's own bytes, so a
 * server that ignores the conditions rewrites nothing.
 *
 * @remarks A create that succeeds may also mean a `destroy` removed the marker after it was read: a
 * second create tells them apart (it fails on a server that honours the condition, since the marker now
 * exists). Then the re-created marker is removed again and the store is gone.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` naming the endpoint; `JOBSTORE_NO_SUCH_STORE`
 * (destroyed meanwhile); `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await checkConditionsHonoured(objects, "s3", markerBytes, {});
 * ```
 * @internal
 */
export async function checkConditionsHonoured(
  objects: MetadataObjects,
  backend: string,
  markerBytes: Buffer,
  options: CallOptions,
): Promise<void> {
  const create = () => objects.put(STORE_MARKER_KEY, markerBytes, { ifNoneMatch: "*" }, options);
  if ((await create()).written) {
    if ((await create()).written) {
      throw await notSupported(
        objects,
        backend,
        "ignores If-None-Match (a create of an existing object succeeded)",
      );
    }
    await objects.delete(STORE_MARKER_KEY, {});
    throw new JobStoreError(
      "JOBSTORE_NO_SUCH_STORE",
      `the ${backend}: store in ${await objects.describe()} was destroyed while it was being opened`,
      { backend },
    );
  }
  if ((await objects.put(STORE_MARKER_KEY, markerBytes, { ifMatch: BOGUS_TAG }, options)).written) {
    throw await notSupported(objects, backend, "ignores If-Match (a write under a wrong ETag succeeded)");
  }
}

/**
 * The marker's bytes (fields in the order `s3:` stores have always had them).
 *
 * @example
 * ```ts
 * encodeMarker({ format: 1, ifMatch: "quoted", ifMatchAny: true });
 * ```
 * @internal
 */
export function encodeMarker(marker: StoreMarker): Buffer {
  return Buffer.from(
    JSON.stringify({ format: marker.format, ifMatch: marker.ifMatch, ifMatchAny: marker.ifMatchAny }),
  );
}

/**
 * Reads a marker's bytes.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` for a marker this version cannot read.
 * @example
 * ```ts
 * decodeMarker(bytes, "bucket b", "s3").ifMatch; // "unquoted"
 * ```
 * @internal
 */
export function decodeMarker(bytes: Buffer, where: string, backend: string): StoreMarker {
  let parsed: Partial<StoreMarker> | undefined;
  try {
    parsed = JSON.parse(bytes.toString("utf8")) as Partial<StoreMarker>;
  } catch {
    parsed = undefined;
  }
  if (
    parsed?.format !== MARKER_FORMAT ||
    (parsed.ifMatch !== undefined && typeof parsed.ifMatch !== "string") ||
    typeof parsed.ifMatchAny !== "boolean"
  ) {
    throw new JobStoreError(
      "JOBSTORE_NOT_SUPPORTED",
      `the store marker ${STORE_MARKER_KEY} of ${where} is not a format-${MARKER_FORMAT} ${backend}: marker`,
      { backend },
    );
  }
  return { format: MARKER_FORMAT, ifMatch: parsed.ifMatch, ifMatchAny: parsed.ifMatchAny };
}
