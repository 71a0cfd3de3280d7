import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { BACKEND_NAME, isS3Missing, mapAwsError } from "../../map-error.js";

/** S3's limit of keys per DeleteObjects call and per ListObjectsV2 page. */
export const OBJECTS_PER_REQUEST = 1000;

/**
 * How a server wants the ETag in `If-Match`: AWS takes it quoted, as HTTP says and as S3 returns it;
 * Ceph radosgw (Pacific) answers 412 to a quoted one and wants the bare hex.
 *
 * @internal
 */
export type IfMatchStyle = "quoted" | "unquoted";

/**
 * The condition of a PutObject: create only (`If-None-Match: *`), replace only the version read
 * (`If-Match: <etag>`), replace whatever exists (`If-Match: *`), or none.
 *
 * @internal
 */
export type PutCondition =
  | { ifNoneMatch: "*" }
  | { ifMatch: string /** Overrides the store's form (used while probing it). */; style?: IfMatchStyle }
  | undefined;

/**
 * The result of a conditional PutObject. A lost condition is a value, not an error: callers decide
 * whether it means "exists", "changed", or "someone else won".
 *
 * @internal
 */
export type PutOutcome =
  | { written: true; etag: string }
  | {
      written: false;
      /** 412 (the condition was false) or 409 (a concurrent conditional write to the key: AWS). */
      status: 412 | 409;
      /**
       * The SDK sent the request more than once: the first attempt may have been applied before its
       * reply was lost, and this answer may be about our own write. Read the object back to know.
       */
      uncertain: boolean;
    };

/**
 * One object's bytes and ETag (unquoted).
 *
 * @internal
 */
export interface StoredObject {
  body: Buffer;
  etag: string;
}

/**
 * One entry of a listing.
 *
 * @internal
 */
export interface ListedObject {
  key: string;
  /** Unquoted. */
  etag: string;
  size: number;
  lastModified: Date | undefined;
}

/**
 * The S3-object primitives the `s3:` metadata layer is built on, for one bucket.
 *
 * @internal
 */
export interface ObjectStore {
  readonly bucket: string;
  /** The object, or `undefined` when the key does not exist. */
  get(key: string, options: CallOptions): Promise<StoredObject | undefined>;
  /** The object's ETag, or `undefined` when the key does not exist. */
  head(key: string, options: CallOptions): Promise<string | undefined>;
  /** Writes a whole object (one PutObject) under a condition. */
  put(key: string, body: Buffer, condition: PutCondition, options: CallOptions): Promise<PutOutcome>;
  /** Deletes one object (unconditionally: radosgw ignores `If-Match` on DeleteObject). Idempotent. */
  remove(key: string, options: CallOptions): Promise<void>;
  /** Deletes keys {@link OBJECTS_PER_REQUEST} at a time. Missing keys are fine. */
  removeMany(keys: readonly string[], options: CallOptions): Promise<void>;
  /** Every key under `prefix`, page by page ({@link OBJECTS_PER_REQUEST} a request), in key order. */
  list(prefix: string, options: CallOptions): AsyncIterable<ListedObject[]>;
}

/**
 * An ETag as S3 returns it (`"abc"`, `W/"abc"`) without its quotes.
 *
 * @example
 * ```ts
 * bareEtag('"abc"'); // "abc"
 * ```
 * @internal
 */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? "").replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

/**
 * The `If-Match` header value for `etag` in `style` (`*` stays `*`).
 *
 * @example
 * ```ts
 * ifMatchValue("abc", "quoted"); // '"abc"'
 * ```
 * @internal
 */
export function ifMatchValue(etag: string, style: IfMatchStyle): string {
  return etag === "*" || style === "unquoted" ? etag : `"${etag}"`;
}

function send(options: CallOptions): { abortSignal?: AbortSignal } {
  return options.signal ? { abortSignal: options.signal } : {};
}

function status(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function attempts(err: unknown): number {
  return (err as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts ?? 1;
}

/**
 * Builds the primitives on `s3` and `bucket`. `ifMatchStyle` is read on every conditional write, since
 * a handle learns it from the store marker only when it opens the store.
 *
 * @remarks Content objects stay immutable (the content layer writes each version under a new key), so
 * the only conditional writes are single PutObjects of small metadata objects: radosgw ignores
 * conditions on CompleteMultipartUpload, CopyObject and DeleteObject, but honours them on PutObject.
 * @example
 * ```ts
 * const objects = createObjectStore(s3, "my-bucket", () => "unquoted");
 * const out = await objects.put("meta/jobs/a", body, { ifNoneMatch: "*" }, {});
 * ```
 * @internal
 */
export function createObjectStore(
  s3: S3Client,
  bucket: string,
  ifMatchStyle: () => IfMatchStyle,
): ObjectStore {
  const Bucket = bucket;
  return {
    bucket,

    async get(key, options) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket, Key: key }), send(options));
        const body = Buffer.from(await out.Body!.transformToByteArray());
        return { body, etag: bareEtag(out.ETag) };
      } catch (err) {
        if (isS3Missing(err) && (err as { name?: string }).name !== "NoSuchBucket") return undefined;
        throw mapAwsError(err, `read ${key}`);
      }
    },

    async head(key, options) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket, Key: key }), send(options));
        return bareEtag(out.ETag);
      } catch (err) {
        // HEAD has no body, so a missing bucket is a bare 404 too: callers that care check the marker.
        if (isS3Missing(err)) return undefined;
        throw mapAwsError(err, `read ${key}`);
      }
    },

    async put(key, body, condition, options) {
      const headers =
        condition === undefined
          ? {}
          : "ifNoneMatch" in condition
            ? { IfNoneMatch: "*" }
            : { IfMatch: ifMatchValue(condition.ifMatch, condition.style ?? ifMatchStyle()) };
      try {
        const out = await s3.send(
          new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: body.length, ...headers }),
          send(options),
        );
        return { written: true, etag: bareEtag(out.ETag) };
      } catch (err) {
        const code = status(err);
        if (condition !== undefined && (code === 412 || code === 409)) {
          return { written: false, status: code, uncertain: attempts(err) > 1 };
        }
        throw mapAwsError(err, `write ${key}`);
      }
    },

    async remove(key, options) {
      try {
        await s3.send(new DeleteObjectCommand({ Bucket, Key: key }), send(options));
      } catch (err) {
        if (!isS3Missing(err)) throw mapAwsError(err, `delete ${key}`);
      }
    },

    async removeMany(keys, options) {
      for (let i = 0; i < keys.length; i += OBJECTS_PER_REQUEST) {
        const batch = keys.slice(i, i + OBJECTS_PER_REQUEST);
        let failed: { Key?: string | undefined; Code?: string | undefined }[];
        try {
          const out = await s3.send(
            new DeleteObjectsCommand({
              Bucket,
              Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
            }),
            send(options),
          );
          failed = (out.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
        } catch (err) {
          if ((err as { name?: string }).name === "NoSuchBucket") return;
          throw mapAwsError(err, `delete ${batch.length} objects`);
        }
        if (failed.length > 0) {
          throw new JobStoreError(
            "JOBSTORE_UNAVAILABLE",
            `S3 could not delete ${failed.length} objects, e.g. ${failed[0]?.Key ?? "?"}: ${failed[0]?.Code ?? "?"}`,
            { backend: BACKEND_NAME, retryable: true },
          );
        }
      }
    },

    async *list(prefix, options) {
      let ContinuationToken: string | undefined;
      do {
        let page: Awaited<ReturnType<typeof listPage>>;
        try {
          page = await listPage(ContinuationToken);
        } catch (err) {
          throw mapAwsError(err, `list ${prefix}`);
        }
        yield (page.Contents ?? []).flatMap((o) =>
          o.Key === undefined
            ? []
            : [{ key: o.Key, etag: bareEtag(o.ETag), size: o.Size ?? 0, lastModified: o.LastModified }],
        );
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken !== undefined);

      function listPage(token: string | undefined) {
        return s3.send(
          new ListObjectsV2Command({
            Bucket,
            Prefix: prefix,
            MaxKeys: OBJECTS_PER_REQUEST,
            ContinuationToken: token,
          }),
          send(options),
        );
      }
    },
  };
}
