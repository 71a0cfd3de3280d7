import { randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { ObjectStore } from "@jobstore/object-store";
import { afterEach, beforeEach } from "vitest";
import { createS3ObjectStore } from "../../src/s3-object-store/index.js";
import { makeS3Client, s3Stack } from "./s3-client.js";

export { makeS3Client, s3Stack };

/** Whether the `s3:` integration tests run: `JOBSTORE_AWS_IT` set and an S3 endpoint configured. */
export const s3Available = Boolean(process.env.JOBSTORE_AWS_IT && s3Stack.endpoint);

export const S3_SKIP_MESSAGE =
  "s3: backend tests skipped: JOBSTORE_AWS_IT is not set (or no AWS_ENDPOINT_URL_S3). Run `npm test` as root, " +
  "or `sudo scripts/local-aws start` and `source .local-aws/env` before vitest.";

if (!s3Available) {
  if (process.env.CI === "true") throw new Error(`CI must run the s3: tests, but ${S3_SKIP_MESSAGE}`);
  console.warn(S3_SKIP_MESSAGE);
}

/** A fresh name per test (a valid bucket name and store name). */
export function uniqueName(tag = "s3m"): string {
  return `${tag}-${randomBytes(6).toString("hex")}`;
}

/** Empties and deletes a bucket; a missing one is fine. */
export async function removeBucket(s3: S3Client, Bucket: string): Promise<void> {
  try {
    for (;;) {
      const page = await s3.send(new ListObjectsV2Command({ Bucket }));
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key }));
      if (keys.length === 0) break;
      await s3.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: keys, Quiet: true } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket }));
  } catch (err) {
    if ((err as { name?: string }).name !== "NoSuchBucket") throw err;
  }
}

/**
 * A fresh bucket name per test with a client (the bucket created before the test unless `create` is
 * false), emptied and deleted after it.
 */
export function useBucket({ create = true } = {}): () => { s3: S3Client; bucket: string } {
  let current: { s3: S3Client; bucket: string } | undefined;
  beforeEach(async () => {
    current = { s3: makeS3Client(), bucket: uniqueName() };
    if (create) await current.s3.send(new CreateBucketCommand({ Bucket: current.bucket }));
  });
  afterEach(async () => {
    if (current) await removeBucket(current.s3, current.bucket);
    current?.s3.destroy();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error("useBucket() fixtures exist only inside a test");
    return current;
  };
}

/** The S3 adapter on `bucket`, with radosgw's bare `If-Match` form (no probe needed). */
export function rawObjects(s3: S3Client, bucket: string): ObjectStore {
  return createS3ObjectStore({ s3, bucket, region: s3Stack.region, ifMatch: "unquoted" });
}
