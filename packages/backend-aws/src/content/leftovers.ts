import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
} from "@aws-sdk/client-s3";
import type { CallOptions, Leftover } from "@jobstore/core";
import { isS3Missing, mapAwsError } from "../map-error.js";
import { deleteObjects } from "./bucket-cleanup.js";
import { type ContentConfig, sendOptions } from "./content-config.js";
import { multipartLeftoverId } from "./content-writer.js";

/** Key prefixes of content this layer writes (`files/` content versions, `jobs/` overlarge jobs). */
export const CONTENT_PREFIXES = ["files/", "jobs/"] as const;

/**
 * Incomplete multipart uploads under the content prefixes started before `olderThan`, plus those this
 * handle failed to abort; then `files/` objects older than `olderThan` that no record references.
 *
 * @remarks Objects under `jobs/` are left alone: only the metadata layer knows which job versions are
 * current. The age threshold keeps uploads and objects of writes still in progress out of the report.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * for await (const leftover of findContentLeftovers(cfg, (key) => keys.has(key), hourAgo, {})) report(leftover);
 * ```
 * @internal
 */
export async function* findContentLeftovers(
  cfg: ContentConfig,
  isReferenced: (key: string) => boolean,
  olderThan: Date,
  options: CallOptions,
): AsyncIterable<Leftover> {
  const seen = new Set<string>();
  for (const leftover of cfg.unaborted.values()) {
    seen.add(leftover.id);
    yield leftover;
  }
  try {
    for (const Prefix of CONTENT_PREFIXES) {
      let KeyMarker: string | undefined;
      let UploadIdMarker: string | undefined;
      do {
        const page = await cfg.s3.send(
          new ListMultipartUploadsCommand({ Bucket: cfg.bucket, Prefix, KeyMarker, UploadIdMarker }),
          sendOptions(options),
        );
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId || !upload.Initiated || upload.Initiated >= olderThan) continue;
          const id = multipartLeftoverId(upload.Key, upload.UploadId);
          if (!seen.has(id)) yield { kind: "multipart-upload", id, createdAt: upload.Initiated };
        }
        ({ NextKeyMarker: KeyMarker, NextUploadIdMarker: UploadIdMarker } = page.IsTruncated ? page : {});
      } while (KeyMarker !== undefined || UploadIdMarker !== undefined);
    }
    let ContinuationToken: string | undefined;
    do {
      const page = await cfg.s3.send(
        new ListObjectsV2Command({ Bucket: cfg.bucket, Prefix: "files/", ContinuationToken }),
        sendOptions(options),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key || !object.LastModified || object.LastModified >= olderThan) continue;
        if (isReferenced(object.Key)) continue;
        yield {
          kind: "orphan-content",
          id: object.Key,
          ...(object.Size === undefined ? {} : { size: object.Size }),
          createdAt: object.LastModified,
        };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken !== undefined);
  } catch (err) {
    throw mapAwsError(err, `find leftovers in bucket ${cfg.bucket}`);
  }
}

/**
 * Aborts reported multipart uploads and deletes reported orphan content; other kinds are ignored.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * await removeContentLeftovers(cfg, leftovers, {});
 * ```
 * @internal
 */
export async function removeContentLeftovers(
  cfg: ContentConfig,
  leftovers: readonly Leftover[],
  options: CallOptions,
): Promise<void> {
  const orphans: string[] = [];
  for (const leftover of leftovers) {
    if (leftover.kind === "orphan-content") orphans.push(leftover.id);
    if (leftover.kind !== "multipart-upload") continue;
    const [Key, UploadId] = JSON.parse(leftover.id) as [string, string];
    try {
      await cfg.s3.send(
        new AbortMultipartUploadCommand({ Bucket: cfg.bucket, Key, UploadId }),
        sendOptions(options),
      );
    } catch (err) {
      if (!isS3Missing(err)) throw mapAwsError(err, `abort upload ${UploadId} of ${Key}`);
    }
    cfg.unaborted.delete(leftover.id);
  }
  await deleteObjects(cfg.s3, cfg.bucket, orphans, options);
}
