import type { Readable } from "node:stream";
import { CopyObjectCommand, GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { type ObjectStore, ObjectStoreError, uploadStream } from "@jobstore/object-store";
import { s3Error } from "./s3-errors.js";

type ExternalMethods = Required<Pick<ObjectStore, "copyTo" | "openExternal" | "uploadExternal">>;

/**
 * Splits `s3://bucket/key` (the key percent-decoded).
 *
 * @throws {@link @jobstore/object-store!ObjectStoreError} `"unsupported"` for another scheme, `"missing"` when the URL
 * names no object.
 * @example
 * ```ts
 * parseS3Url(new URL("s3://my-bucket/a/b%20c.txt")); // { bucket: "my-bucket", key: "a/b c.txt" }
 * ```
 * @internal
 */
export function parseS3Url(url: URL): { bucket: string; key: string } {
  if (url.protocol !== "s3:") throw new ObjectStoreError("unsupported", `not an s3: URL: ${url.href}`);
  const bucket = url.hostname;
  const key = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (bucket === "" || key === "") {
    throw new ObjectStoreError("missing", `${url.href} names no S3 object (expected s3://bucket/key)`);
  }
  return { bucket, key };
}

/**
 * Import, export and server-side copy with the store's own S3 client (same endpoint and credentials):
 * a GetObject of the source, the generic uploader into the target bucket (one PutObject up to one part,
 * else a multipart upload aborted on failure), a CopyObject.
 *
 * @example
 * ```ts
 * const external = createS3External(s3, "my-bucket", (bucket) => createS3ObjectStore({ s3, region, bucket }), sizes);
 * ```
 * @internal
 */
export function createS3External(
  s3: S3Client,
  Bucket: string,
  storeFor: (bucket: string) => ObjectStore,
  sizes: { partSize: number; buffers: number },
): ExternalMethods {
  return {
    async copyTo(key, target, options) {
      const { bucket, key: targetKey } = parseS3Url(target);
      try {
        await s3.send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: targetKey,
            CopySource: `${Bucket}/${encodeURIComponent(key)}`,
          }),
          options.signal ? { abortSignal: options.signal } : {},
        );
        return true;
      } catch (err) {
        const mapped = s3Error(err, `copy to ${target.href}`, options.signal);
        // Source gone, or the target's bucket missing: the caller streams, and reports what it meets.
        if (mapped.kind === "missing" || mapped.kind === "no-container") return false;
        throw mapped;
      }
    },

    async openExternal(source, options) {
      const { bucket, key } = parseS3Url(source);
      try {
        const out = await s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: key }),
          options.signal ? { abortSignal: options.signal } : {},
        );
        return out.Body as Readable;
      } catch (err) {
        const mapped = s3Error(err, `read ${source.href}`, options.signal);
        // The source's bucket is not this store's container: a missing one is a missing object.
        if (mapped.kind === "no-container")
          throw new ObjectStoreError("missing", mapped.message, { cause: err });
        throw mapped;
      }
    },

    async uploadExternal(target, source, options) {
      const { bucket, key } = parseS3Url(target);
      const { signal } = options;
      // Failing the source makes the upload stop reading, wait for its parts in flight and abort.
      const onAbort = () =>
        source.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        await uploadStream(storeFor(bucket), key, source, { ...sizes, signal });
      } catch (err) {
        source.destroy();
        if (signal?.aborted)
          throw new ObjectStoreError("aborted", `write ${target.href}: aborted`, { cause: err });
        const mapped = s3Error(err, `write ${target.href}`, signal);
        if (mapped.kind === "no-container")
          throw new ObjectStoreError("missing", mapped.message, { cause: err });
        throw mapped;
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    },
  };
}
