import { randomBytes } from "node:crypto";
import { CreateBucketCommand, ListMultipartUploadsCommand, type S3Client } from "@aws-sdk/client-s3";
import { uploadStream } from "@jobstore/object-store";
import { afterEach, describe, expect, it } from "vitest";
import { createS3ContentLayer, createS3ObjectStore } from "../../src/index.js";
import { makeS3, stackAvailable, uniquePrefix } from "../local-stack.js";

const PART = 5 * 1024 * 1024;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A fresh bucket, emptied and removed afterwards by a client of its own (tests break theirs). */
async function bucket(): Promise<string> {
  const admin = makeS3();
  const name = `${uniquePrefix("leak")}--files`;
  await admin.send(new CreateBucketCommand({ Bucket: name }));
  cleanups.push(async () => {
    await createS3ContentLayer({ region: "us-east-1", bucket: name, s3: admin }).storage.destroy({});
    admin.destroy();
  });
  return name;
}

/** Two parts' worth of data, then a failure: the upload must be abandoned. */
async function* failingAfterTwoParts(): AsyncGenerator<Buffer> {
  yield randomBytes(PART);
  yield randomBytes(PART);
  yield randomBytes(1024);
  throw new Error("source failed");
}

/** Lets the first request of `commandName` reach S3, then loses its reply (the SDK retries it). */
function loseFirstReply(s3: S3Client, commandName: string): void {
  let lost = false;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === commandName && !lost) {
        lost = true;
        throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      }
      return result;
    },
    { step: "deserialize", name: "loseFirstReply" },
  );
}

/** Makes every request of `commandName` fail with a non-retryable error. */
function refuse(s3: S3Client, commandName: string): void {
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === commandName)
        throw Object.assign(new Error("denied"), {
          name: "AccessDenied",
          $metadata: { httpStatusCode: 403 },
        });
      return next(args);
    },
    { step: "initialize", name: "refuse" },
  );
}

describe.skipIf(!stackAvailable)("multipart upload leaks", () => {
  it("a failed upload whose CreateMultipartUpload reply was lost and retried leaves no upload behind", async () => {
    const s3 = makeS3();
    cleanups.push(async () => s3.destroy());
    const Bucket = await bucket();
    loseFirstReply(s3, "CreateMultipartUploadCommand");
    await expect(
      uploadStream(
        createS3ObjectStore({ s3, bucket: Bucket, region: "us-east-1" }),
        "files/a/v1",
        failingAfterTwoParts(),
        {
          partSize: PART,
          buffers: 2,
        },
      ),
    ).rejects.toThrow("source failed");
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });

  it("an upload that cannot be aborted is reported, not swallowed", async () => {
    const s3 = makeS3();
    cleanups.push(async () => s3.destroy());
    const Bucket = await bucket();
    refuse(s3, "AbortMultipartUploadCommand");
    const unaborted: string[] = [];
    await expect(
      uploadStream(
        createS3ObjectStore({ s3, bucket: Bucket, region: "us-east-1" }),
        "files/b/v1",
        failingAfterTwoParts(),
        {
          partSize: PART,
          buffers: 2,
          onUnaborted: (upload) => unaborted.push(upload.key),
        },
      ),
    ).rejects.toThrow("source failed");
    expect(unaborted).toEqual(["files/b/v1"]);
  });
});
