import {
  AbortMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { type CallOptions, JobStoreError } from "@jobstore/core";
import { BACKEND_NAME, isS3Missing, mapAwsError } from "../map-error.js";
import { sendOptions } from "./content-config.js";

/** S3's limit of keys per DeleteObjects (and of keys per ListObjectsV2 page). */
export const DELETE_OBJECTS_BATCH = 1000;

function isNoSuchBucket(err: unknown): boolean {
  const e = err as { name?: string; Code?: string } | null;
  return e?.name === "NoSuchBucket" || e?.Code === "NoSuchBucket";
}

/**
 * Deletes S3 objects of the store's bucket, {@link DELETE_OBJECTS_BATCH} keys per DeleteObjects call.
 * Missing keys (and a missing bucket) are not errors.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_UNAVAILABLE` when S3 reports keys it could not delete;
 * `JOBSTORE_ABORTED`.
 * @example
 * ```ts
 * await deleteObjects(s3, bucket, ["files/a/v1", "files/b/v2"], {});
 * ```
 * @internal
 */
export async function deleteObjects(
  s3: S3Client,
  bucket: string,
  keys: readonly string[],
  options: CallOptions,
): Promise<void> {
  for (let i = 0; i < keys.length; i += DELETE_OBJECTS_BATCH) {
    const batch = keys.slice(i, i + DELETE_OBJECTS_BATCH);
    let failed: { Key?: string | undefined; Code?: string | undefined }[];
    try {
      const out = await s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
        sendOptions(options),
      );
      failed = (out.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
    } catch (err) {
      if (isNoSuchBucket(err)) return;
      throw mapAwsError(err, `delete ${batch.length} objects`);
    }
    if (failed.length > 0) {
      throw new JobStoreError(
        "JOBSTORE_UNAVAILABLE",
        `S3 could not delete ${failed.length} objects, e.g. ${failed[0]?.Key ?? "?"}: ${failed[0]?.Code ?? "?"}`,
        { backend: BACKEND_NAME },
      );
    }
  }
}

/**
 * Empties a bucket for `destroy`: aborts every multipart upload (so that none completes into an emptied
 * bucket), then lists 1000 keys a call and deletes them 1000 at a time; with `removeBucket`, deletes the
 * bucket too.
 *
 * @remarks Idempotent: a missing bucket, an upload that is already gone, or keys deleted meanwhile are
 * fine, and a failed run can simply be run again.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await emptyBucketOf(s3, "my-run--files", {}, true);
 * ```
 * @internal
 */
export async function emptyBucketOf(
  s3: S3Client,
  Bucket: string,
  options: CallOptions,
  removeBucket = false,
): Promise<void> {
  try {
    let KeyMarker: string | undefined;
    let UploadIdMarker: string | undefined;
    do {
      const page = await s3.send(
        new ListMultipartUploadsCommand({ Bucket, KeyMarker, UploadIdMarker }),
        sendOptions(options),
      );
      for (const upload of page.Uploads ?? []) {
        await s3
          .send(
            new AbortMultipartUploadCommand({ Bucket, Key: upload.Key, UploadId: upload.UploadId }),
            sendOptions(options),
          )
          .catch((err: unknown) => {
            if (!isS3Missing(err)) throw err;
          });
      }
      ({ NextKeyMarker: KeyMarker, NextUploadIdMarker: UploadIdMarker } = page.IsTruncated ? page : {});
    } while (KeyMarker !== undefined || UploadIdMarker !== undefined);

    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket, MaxKeys: DELETE_OBJECTS_BATCH, ContinuationToken }),
        sendOptions(options),
      );
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
      await deleteObjects(s3, Bucket, keys, options);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
    if (removeBucket) await s3.send(new DeleteBucketCommand({ Bucket }), sendOptions(options));
  } catch (err) {
    if (isNoSuchBucket(err)) return;
    throw mapAwsError(err, `empty bucket ${Bucket}`);
  }
}
