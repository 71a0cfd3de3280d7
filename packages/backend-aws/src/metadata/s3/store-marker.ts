import { randomUUID } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { BACKEND_NAME } from "../../map-error.js";
import type { IfMatchStyle, ObjectStore } from "./conditional-object.js";
import { PROBE_PREFIX, STORE_MARKER_KEY } from "./object-keys.js";

/** The store marker's format; a marker of another format is refused rather than misread. */
export const MARKER_FORMAT = 1;
// An ETag no object has: a write conditional on it must fail.
const BOGUS_ETAG = "00000000000000000000000000000000";

/**
 * What the store marker records: that the store exists, and how its server wants `If-Match`.
 *
 * @internal
 */
export interface StoreMarker {
  format: number;
  /** The `If-Match` form the server takes. */
  ifMatch: IfMatchStyle;
  /** Whether the server honours `If-Match: *` on PutObject ("replace, but only what exists"). */
  ifMatchAny: boolean;
}

/**
 * Where the store lives, for messages: the endpoint URL, or AWS S3 and the region.
 *
 * @example
 * ```ts
 * await describeEndpoint(s3, "my-bucket"); // "bucket my-bucket at http://127.0.0.1:9000/"
 * ```
 * @internal
 */
export async function describeEndpoint(s3: S3Client, bucket: string): Promise<string> {
  const endpoint = await s3.config.endpoint?.().catch(() => undefined);
  if (endpoint) {
    const port = endpoint.port ? `:${endpoint.port}` : "";
    return `bucket ${bucket} at ${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path}`;
  }
  const region = await s3.config.region().catch(() => "?");
  return `bucket ${bucket} on AWS S3 in ${region}`;
}

async function notSupported(s3: S3Client, bucket: string, what: string): Promise<JobStoreError> {
  return new JobStoreError(
    "JOBSTORE_NOT_SUPPORTED",
    `the S3 server of ${await describeEndpoint(s3, bucket)} ${what}; the s3: store needs conditional writes ` +
      "(If-None-Match and If-Match on PutObject) to detect conflicting writes",
    { backend: BACKEND_NAME },
  );
}

/**
 * Checks, on a fresh probe object, that the server honours `If-None-Match: *` and `If-Match`, and finds
 * which `If-Match` form it takes (unless `style` is given) and whether it honours `If-Match: *`. Five to
 * seven PutObjects, one DeleteObject, and one more DeleteObject + PutObject for the wildcard check.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` naming the endpoint when a write that must fail
 * succeeds, or no `If-Match` form matches; `JOBSTORE_NO_SUCH_STORE` (no bucket), `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const { ifMatch } = await probeConditionalWrites(objects, s3, undefined, {}); // "unquoted" on radosgw
 * ```
 * @internal
 */
export async function probeConditionalWrites(
  objects: ObjectStore,
  s3: S3Client,
  style: IfMatchStyle | undefined,
  options: CallOptions,
): Promise<Omit<StoreMarker, "format">> {
  const key = `${PROBE_PREFIX}${randomUUID()}`;
  const body = Buffer.from(key);
  try {
    const created = await objects.put(key, body, { ifNoneMatch: "*" }, options);
    if (!created.written) throw await notSupported(s3, objects.bucket, "refused to create a new object");
    if ((await objects.put(key, body, { ifNoneMatch: "*" }, options)).written) {
      throw await notSupported(s3, objects.bucket, "ignores If-None-Match (it overwrote an existing object)");
    }
    if ((await objects.put(key, body, { ifMatch: BOGUS_ETAG }, options)).written) {
      throw await notSupported(
        s3,
        objects.bucket,
        "ignores If-Match (it overwrote an object of another ETag)",
      );
    }
    let ifMatch: IfMatchStyle | undefined;
    for (const candidate of style ? [style] : (["quoted", "unquoted"] as const)) {
      const out = await objects.put(key, body, { ifMatch: created.etag, style: candidate }, options);
      if (out.written) {
        ifMatch = candidate;
        break;
      }
    }
    if (ifMatch === undefined) {
      throw await notSupported(s3, objects.bucket, "accepts no form of If-Match with the object's own ETag");
    }
    return { ifMatch, ifMatchAny: await honoursIfMatchAny(objects, key, body, options) };
  } finally {
    await objects.remove(key, {}).catch(() => undefined);
  }
}

/**
 * Whether `If-Match: *` replaces an existing object and refuses to create a missing one. Any error
 * (e.g. a server that rejects the wildcard as a malformed ETag) counts as "no".
 */
async function honoursIfMatchAny(
  objects: ObjectStore,
  key: string,
  body: Buffer,
  options: CallOptions,
): Promise<boolean> {
  try {
    if (!(await objects.put(key, body, { ifMatch: "*" }, options)).written) return false;
    await objects.remove(key, options);
    return !(await objects.put(key, body, { ifMatch: "*" }, options)).written;
  } catch {
    return false;
  }
}

/**
 * Checks on an existing store that the server still refuses writes that must fail: a create of the
 * marker (`If-None-Match: *`) and a write of it under a wrong ETag. PutObjects of the marker's own
 * bytes, so a server that ignores the conditions rewrites nothing.
 *
 * @remarks A create that succeeds may also mean a `destroy` removed the marker after it was read: a
 * second create tells them apart (it fails on a server that honours the condition, since the marker now
 * exists). Then the re-created marker is removed again and the store is gone.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` naming the endpoint; `JOBSTORE_NO_SUCH_STORE`
 * (destroyed meanwhile); `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await checkConditionsHonoured(objects, s3, markerBytes, {});
 * ```
 * @internal
 */
export async function checkConditionsHonoured(
  objects: ObjectStore,
  s3: S3Client,
  markerBytes: Buffer,
  options: CallOptions,
): Promise<void> {
  const create = () => objects.put(STORE_MARKER_KEY, markerBytes, { ifNoneMatch: "*" }, options);
  if ((await create()).written) {
    if ((await create()).written) {
      throw await notSupported(
        s3,
        objects.bucket,
        "ignores If-None-Match (a create of an existing object succeeded)",
      );
    }
    await objects.remove(STORE_MARKER_KEY, {});
    throw new JobStoreError(
      "JOBSTORE_NO_SUCH_STORE",
      `the s3: store in ${await describeEndpoint(s3, objects.bucket)} was destroyed while it was being opened`,
      { backend: BACKEND_NAME },
    );
  }
  if ((await objects.put(STORE_MARKER_KEY, markerBytes, { ifMatch: BOGUS_ETAG }, options)).written) {
    throw await notSupported(s3, objects.bucket, "ignores If-Match (a write under a wrong ETag succeeded)");
  }
}

/**
 * The marker's bytes.
 *
 * @example
 * ```ts
 * encodeMarker({ format: 1, ifMatch: "quoted", ifMatchAny: true });
 * ```
 * @internal
 */
export function encodeMarker(marker: StoreMarker): Buffer {
  return Buffer.from(JSON.stringify(marker));
}

/**
 * Reads a marker's bytes.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` for a marker this version cannot read.
 * @example
 * ```ts
 * decodeMarker(bytes, "bucket b").ifMatch; // "unquoted"
 * ```
 * @internal
 */
export function decodeMarker(bytes: Buffer, where: string): StoreMarker {
  let parsed: Partial<StoreMarker> | undefined;
  try {
    parsed = JSON.parse(bytes.toString("utf8")) as Partial<StoreMarker>;
  } catch {
    parsed = undefined;
  }
  if (
    parsed?.format !== MARKER_FORMAT ||
    (parsed.ifMatch !== "quoted" && parsed.ifMatch !== "unquoted") ||
    typeof parsed.ifMatchAny !== "boolean"
  ) {
    throw new JobStoreError(
      "JOBSTORE_NOT_SUPPORTED",
      `the store marker ${STORE_MARKER_KEY} of ${where} is not a format-${MARKER_FORMAT} s3: marker`,
      { backend: BACKEND_NAME },
    );
  }
  return { format: MARKER_FORMAT, ifMatch: parsed.ifMatch, ifMatchAny: parsed.ifMatchAny };
}
