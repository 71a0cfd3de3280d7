import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { type ObjectStore, ObjectStoreError } from "@jobstore/object-store";
import type { IfMatchDialect } from "./if-match-dialect.js";
import { bareEtag, conditionHeaders } from "./if-match-dialect.js";
import { multipartEtag } from "./multipart-etag.js";
import { s3Attempts, s3Error, s3ErrorKind, s3Status } from "./s3-errors.js";

type UploadMethods = Pick<
  ObjectStore,
  "beginUpload" | "uploadPart" | "completeUpload" | "abortUpload" | "listUploads"
>;

const send = (options: { signal?: AbortSignal | undefined }) =>
  options.signal ? { abortSignal: options.signal } : {};

/**
 * The multipart-upload operations of the S3 adapter: CreateMultipartUpload, UploadPart,
 * CompleteMultipartUpload (its condition sent as `If-None-Match`/`If-Match` where given: AWS honours them,
 * radosgw ignores them, hence `conditionalComplete: false`; radosgw's empty ETag filled in by
 * {@link multipartEtag}), AbortMultipartUpload (`NoSuchUpload` is
 * success) and ListMultipartUploads (paged by key and upload-ID markers).
 *
 * @example
 * ```ts
 * const uploads = createS3Uploads(s3, "my-bucket", dialect);
 * const id = await uploads.beginUpload("files/a/v1", {});
 * ```
 * @internal
 */
export function createS3Uploads(s3: S3Client, Bucket: string, dialect: IfMatchDialect): UploadMethods {
  async function headTag(key: string, options: { signal?: AbortSignal | undefined }): Promise<string> {
    const out = await s3.send(new HeadObjectCommand({ Bucket, Key: key }), send(options));
    return bareEtag(out.ETag);
  }

  return {
    async beginUpload(key, options) {
      try {
        const out = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: key }), send(options));
        if (!out.UploadId)
          throw new ObjectStoreError("other", `begin upload of ${key}: no upload ID in the reply`);
        return out.UploadId;
      } catch (err) {
        throw s3Error(err, `begin upload of ${key}`, options.signal);
      }
    },

    async uploadPart(key, uploadId, partNumber, body, options) {
      try {
        const out = await s3.send(
          new UploadPartCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: partNumber,
            Body: body,
            ContentLength: body.length,
          }),
          send(options),
        );
        return { partNumber, tag: out.ETag ?? "" };
      } catch (err) {
        throw s3Error(err, `upload part ${partNumber} of ${key}`, options.signal);
      }
    },

    async completeUpload(key, uploadId, parts, condition, options) {
      const headers = conditionHeaders(condition, dialect);
      try {
        const out = await s3.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.tag })) },
            ...headers,
          }),
          send(options),
        );
        // Radosgw answers `ETag: ""`: the tag is S3's multipart ETag, computed, or read back where it cannot be.
        const tag = bareEtag(out.ETag) || multipartEtag(parts) || (await headTag(key, options));
        return { written: true, tag };
      } catch (err) {
        const status = s3Status(err);
        if (condition !== undefined && (status === 412 || status === 409)) {
          const lost = status === 409 ? "conflict" : "ifNoneMatch" in condition ? "exists" : "changed";
          return { written: false, lost, uncertain: s3Attempts(err) > 1 };
        }
        throw s3Error(err, `complete upload of ${key}`, options.signal);
      }
    },

    async abortUpload(key, uploadId, options) {
      try {
        await s3.send(
          new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }),
          send(options),
        );
      } catch (err) {
        if (s3ErrorKind(err) === "missing" && !options.signal?.aborted) return;
        throw s3Error(err, `abort upload ${uploadId} of ${key}`, options.signal);
      }
    },

    async *listUploads(prefix, options) {
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      do {
        let page: Awaited<ReturnType<typeof listPage>>;
        try {
          page = await listPage(KeyMarker, UploadIdMarker);
        } catch (err) {
          throw s3Error(err, `list uploads under ${JSON.stringify(prefix)}`, options.signal);
        }
        yield (page.Uploads ?? []).flatMap((u) =>
          u.Key === undefined || u.UploadId === undefined
            ? []
            : [{ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated }],
        );
        ({ NextKeyMarker: KeyMarker, NextUploadIdMarker: UploadIdMarker } = page.IsTruncated ? page : {});
      } while (KeyMarker !== undefined || UploadIdMarker !== undefined);

      function listPage(keyMarker: string | undefined, uploadIdMarker: string | undefined) {
        return s3.send(
          new ListMultipartUploadsCommand({
            Bucket,
            ...(prefix === "" ? {} : { Prefix: prefix }),
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
          send(options),
        );
      }
    },
  };
}
