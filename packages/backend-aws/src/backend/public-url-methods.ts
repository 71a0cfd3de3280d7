import { randomUUID } from "node:crypto";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { type CallOptions, type FileId, JobStoreError } from "@jobstore/core";
import { type AwsContext, sendOptions } from "../context.js";
import { BACKEND_NAME, mapAwsError } from "../map-error.js";
import { commitContent, expectVersion } from "./commit-content.js";
import { contentKey, type FileRecord, type ItemKind, sharedItemName } from "./file-items.js";
import { requireRecord } from "./records.js";

/** The longest lifetime of a SigV4 presigned URL (7 days). */
export const MAX_PUBLIC_URL_SECONDS = 604_800;

// Moving inline content to S3 races with updates; each lost race costs a PutObject and a DeleteObject.
const MAX_ATTEMPTS = 3;

/**
 * The public-URL methods of the SPI on one {@link AwsContext}.
 *
 * @internal
 */
export interface PublicUrlOps {
  getPublicUrl(fileId: FileId, expiresInSeconds: number, options: CallOptions): Promise<string>;
  getSharedPublicUrl(name: string, expiresInSeconds: number, options: CallOptions): Promise<string>;
}

/**
 * Public URLs: presigned S3 GETs of the recorded content object, valid `expiresInSeconds` (capped at
 * {@link MAX_PUBLIC_URL_SECONDS}).
 *
 * @remarks Inline content is first uploaded to S3 and the item switched to that object under a fresh
 * version token (conditional on the version read), so later reads use it and a racing update is detected
 * rather than leaking the object. The URL names an immutable object: it keeps serving the bytes of the
 * moment until that version is superseded (and deleted) or the URL expires.
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE`, `JOBSTORE_ENCRYPTION` (encrypted content cannot be
 * served in the clear), `JOBSTORE_CONCURRENT_MODIFICATION` (updated during every attempt),
 * `JOBSTORE_ABORTED`, `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const url = await createPublicUrlOps(ctx).getPublicUrl(fileId, 3600, {});
 * ```
 * @internal
 */
export function createPublicUrlOps(ctx: AwsContext): PublicUrlOps {
  async function moveToS3(record: FileRecord, options: CallOptions, label: string): Promise<string> {
    const version = randomUUID();
    const key = contentKey(record.itemName, version);
    try {
      await ctx.s3.send(
        new PutObjectCommand({ Bucket: ctx.names.bucket, Key: key, Body: record.inline ?? Buffer.alloc(0) }),
        sendOptions(options),
      );
    } catch (err) {
      throw mapAwsError(err, `upload ${label} for a public URL`);
    }
    const { inline: _inline, ...rest } = record;
    const content = { ...rest, version, key };
    await commitContent(
      ctx,
      record.itemName,
      { kind: record.kind },
      content,
      expectVersion(record.version),
      undefined,
      options,
      label,
    );
    return key;
  }

  async function publicUrl(
    itemName: string,
    kind: ItemKind,
    seconds: number,
    options: CallOptions,
    label: string,
  ) {
    for (let attempt = 1; ; attempt++) {
      const record = await requireRecord(ctx, itemName, kind, options, label);
      if (record.encrypted) {
        throw new JobStoreError("JOBSTORE_ENCRYPTION", `${label} is encrypted and cannot have a public URL`, {
          backend: BACKEND_NAME,
        });
      }
      let key = record.key;
      try {
        key ??= await moveToS3(record, options, label);
      } catch (err) {
        const raced = (err as { code?: string }).code === "JOBSTORE_CONCURRENT_MODIFICATION";
        if (raced && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
      const expiresIn = Math.max(1, Math.min(Math.floor(seconds), MAX_PUBLIC_URL_SECONDS));
      try {
        return await getSignedUrl(ctx.s3, new GetObjectCommand({ Bucket: ctx.names.bucket, Key: key }), {
          expiresIn,
        });
      } catch (err) {
        throw mapAwsError(err, `sign a public URL for ${label}`);
      }
    }
  }

  return {
    getPublicUrl(fileId, expiresInSeconds, options) {
      return publicUrl(fileId, "file", expiresInSeconds, options, `file ${fileId}`);
    },
    getSharedPublicUrl(name, expiresInSeconds, options) {
      return publicUrl(sharedItemName(name), "shared", expiresInSeconds, options, `shared file ${name}`);
    },
  };
}
