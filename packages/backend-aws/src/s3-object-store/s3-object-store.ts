import type { Readable } from "node:stream";
import {
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { type ByteRange, type ObjectStore, ObjectStoreError } from "@jobstore/object-store";
import { createBucket } from "./bucket-setup.js";
import { classifiedStream } from "./classified-stream.js";
import { bareEtag, conditionHeaders, createIfMatchDialect, type IfMatchStyle } from "./if-match-dialect.js";
import { MAX_PUBLIC_URL_SECONDS, OBJECTS_PER_REQUEST, S3_CAPABILITIES } from "./s3-capabilities.js";
import { describeEndpoint } from "./s3-endpoint.js";
import { s3Attempts, s3Error, s3ErrorKind, s3Status } from "./s3-errors.js";
import { createS3External } from "./s3-external.js";
import { createS3Uploads } from "./s3-uploads.js";

const MIB = 1024 * 1024;

/**
 * Options of {@link createS3ObjectStore}.
 *
 * @public
 */
export interface S3ObjectStoreOptions {
  /** The bucket's region (CreateBucket's location constraint, the default client's region). */
  region: string;
  /** The bucket: the adapter's container. */
  bucket: string;
  /**
   * A ready client, not destroyed by `close()`. Default: one built from the standard AWS configuration
   * (credential chain, `AWS_ENDPOINT_URL_S3`), path-style when an endpoint is set, destroyed by `close()`.
   */
  s3?: S3Client | undefined;
  /**
   * The `If-Match` form of the server, when known: skips the probe's search (default: probed by the
   * generic backend at `initialize`, quoted first as AWS takes it, then bare as Ceph radosgw needs).
   */
  ifMatch?: IfMatchStyle | undefined;
  /** Part size of uploads to other buckets (`uploadExternal`); default 50 MiB. */
  partSize?: number | undefined;
  /** Part buffers of uploads to other buckets; default as many as fit in 64 MiB (at least 1). */
  uploadConcurrency?: number | undefined;
}

const send = (options: { signal?: AbortSignal | undefined }) =>
  options.signal ? { abortSignal: options.signal } : {};

const rangeHeader = (range: ByteRange | undefined) =>
  range === undefined ? {} : { Range: `bytes=${range.start}-${range.end}` };

/** The whole object's size from a reply's Content-Range (`bytes 0-9/42`), else its Content-Length. */
function wholeSize(out: { ContentRange?: string | undefined; ContentLength?: number | undefined }): number {
  const total = Number(out.ContentRange?.split("/")[1]);
  return Number.isFinite(total) ? total : (out.ContentLength ?? 0);
}

/**
 * The {@link @jobstore/object-store!ObjectStore} adapter for S3 and S3-compatible servers (Ceph radosgw, MinIO): the
 * one module of `s3:` and `aws:` that speaks `@aws-sdk/client-s3`.
 *
 * @remarks Conditions ride on PutObject (`If-None-Match: *`, `If-Match`), whose 412 and 409 come back
 * as lost conditions (`uncertain` when the SDK sent the request more than once). The `If-Match` form is
 * the adapter's {@link @jobstore/object-store!ConditionDialect} (`quoted` for AWS, `unquoted` for radosgw). Missing
 * keys are values (`undefined`, or success for deletes and aborts); a missing bucket is `"no-container"`,
 * except on deletes, where it is success. HeadObject cannot tell a missing bucket from a missing key
 * (no body): it answers `undefined` for both.
 * @example
 * ```ts
 * const objects = createS3ObjectStore({ region: "us-west-2", bucket: "my-run--objects" });
 * const out = await objects.put("meta/jobs/a", body, { ifNoneMatch: "*" }, {});
 * ```
 * @public
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions): ObjectStore {
  const { bucket: Bucket, region } = options;
  const owned = options.s3 === undefined;
  const s3 =
    options.s3 ??
    new S3Client({
      region,
      // S3-compatible servers on an endpoint (radosgw, local tests) need path-style addressing.
      ...(process.env.AWS_ENDPOINT_URL_S3 ? { forcePathStyle: true } : {}),
    });
  const dialect = createIfMatchDialect(options.ifMatch);
  const partSize = options.partSize ?? 50 * MIB;
  const sizes = {
    partSize,
    buffers: options.uploadConcurrency ?? Math.max(1, Math.floor((64 * MIB) / partSize)),
  };
  const storeFor = (bucket: string) =>
    createS3ObjectStore({ region, bucket, s3, ifMatch: dialect.current() as IfMatchStyle, ...sizes });

  async function read(key: string, o: { signal?: AbortSignal | undefined; range?: ByteRange }) {
    try {
      return await s3.send(new GetObjectCommand({ Bucket, Key: key, ...rangeHeader(o.range) }), send(o));
    } catch (err) {
      const mapped = s3Error(err, `read ${key}`, o.signal);
      if (mapped.kind === "missing") return undefined;
      throw mapped;
    }
  }

  return {
    name: "s3",
    container: Bucket,
    capabilities: S3_CAPABILITIES,
    dialect,
    describe: () => describeEndpoint(s3, Bucket),

    async get(key, o) {
      const out = await read(key, o);
      if (!out) return undefined;
      try {
        const array = await out.Body!.transformToByteArray();
        const body = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
        return { body, tag: bareEtag(out.ETag), size: wholeSize(out) };
      } catch (err) {
        throw s3Error(err, `read ${key}`, o.signal);
      }
    },

    async open(key, o) {
      const out = await read(key, o);
      if (!out) return undefined;
      const body = classifiedStream(out.Body as Readable, `read ${key}`, o.signal);
      return { body, tag: bareEtag(out.ETag), size: wholeSize(out) };
    },

    async head(key, o) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket, Key: key }), send(o));
        return { key, tag: bareEtag(out.ETag), size: out.ContentLength ?? 0, lastModified: out.LastModified };
      } catch (err) {
        // HEAD has no body, so a missing bucket is a bare 404 too: callers that care check the marker.
        const mapped = s3Error(err, `read ${key}`, o.signal);
        if (mapped.kind === "missing" || mapped.kind === "no-container") return undefined;
        throw mapped;
      }
    },

    async *list(prefix, o) {
      let ContinuationToken: string | undefined;
      do {
        let page: Awaited<ReturnType<typeof listPage>>;
        try {
          page = await listPage(ContinuationToken);
        } catch (err) {
          throw s3Error(err, `list ${prefix}`, o.signal);
        }
        yield (page.Contents ?? []).flatMap((c) =>
          c.Key === undefined
            ? []
            : [{ key: c.Key, tag: bareEtag(c.ETag), size: c.Size ?? 0, lastModified: c.LastModified }],
        );
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken !== undefined);

      function listPage(token: string | undefined) {
        return s3.send(
          new ListObjectsV2Command({
            Bucket,
            ...(prefix === "" ? {} : { Prefix: prefix }),
            MaxKeys: OBJECTS_PER_REQUEST,
            ContinuationToken: token,
          }),
          send(o),
        );
      }
    },

    async put(key, body, condition, o) {
      const headers = conditionHeaders(condition, dialect);
      try {
        const out = await s3.send(
          new PutObjectCommand({ Bucket, Key: key, Body: body, ContentLength: body.length, ...headers }),
          send(o),
        );
        return { written: true, tag: bareEtag(out.ETag) };
      } catch (err) {
        const status = s3Status(err);
        if (condition !== undefined && (status === 412 || status === 409) && !o.signal?.aborted) {
          const lost = status === 409 ? "conflict" : "ifNoneMatch" in condition ? "exists" : "changed";
          return { written: false, lost, uncertain: s3Attempts(err) > 1 };
        }
        throw s3Error(err, `write ${key}`, o.signal);
      }
    },

    async delete(key, o) {
      try {
        const ifMatch = o.ifMatch === undefined ? {} : { IfMatch: dialect.header(o.ifMatch) };
        await s3.send(new DeleteObjectCommand({ Bucket, Key: key, ...ifMatch }), send(o));
        return true;
      } catch (err) {
        if (o.ifMatch !== undefined && s3Status(err) === 412 && !o.signal?.aborted) return false;
        const mapped = s3Error(err, `delete ${key}`, o.signal);
        if (mapped.kind === "missing" || mapped.kind === "no-container") return o.ifMatch === undefined;
        throw mapped;
      }
    },

    async deleteMany(keys, o) {
      for (let i = 0; i < keys.length; i += OBJECTS_PER_REQUEST) {
        const batch = keys.slice(i, i + OBJECTS_PER_REQUEST);
        let failed: { Key?: string | undefined; Code?: string | undefined }[];
        try {
          const out = await s3.send(
            new DeleteObjectsCommand({
              Bucket,
              Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
            }),
            send(o),
          );
          failed = (out.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
        } catch (err) {
          const mapped = s3Error(err, `delete ${batch.length} objects`, o.signal);
          if (mapped.kind === "no-container") return;
          throw mapped;
        }
        if (failed.length > 0) {
          const first = failed[0];
          const kind = s3ErrorKind({ name: first?.Code });
          throw new ObjectStoreError(
            kind === "auth" ? "auth" : "transient",
            `S3 could not delete ${failed.length} objects, e.g. ${first?.Key ?? "?"}: ${first?.Code ?? "?"}`,
          );
        }
      }
    },

    ...createS3Uploads(s3, Bucket, dialect),

    createContainer: (o) => createBucket({ s3, bucket: Bucket, region }, o),

    async destroyContainer(o) {
      try {
        await s3.send(new DeleteBucketCommand({ Bucket }), send(o));
      } catch (err) {
        const mapped = s3Error(err, `delete bucket ${Bucket}`, o.signal);
        if (mapped.kind !== "no-container") throw mapped;
      }
    },

    async presignRead(key, seconds) {
      const expiresIn = Math.max(1, Math.min(Math.floor(seconds), MAX_PUBLIC_URL_SECONDS));
      try {
        return await getSignedUrl(s3, new GetObjectCommand({ Bucket, Key: key }), { expiresIn });
      } catch (err) {
        throw s3Error(err, `sign a URL for ${key}`);
      }
    },

    ...createS3External(s3, Bucket, storeFor, sizes),

    close() {
      if (owned) s3.destroy();
    },
  };
}
