import type { S3Client } from "@aws-sdk/client-s3";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import type { StorageHooks } from "@jobstore/object-store";
import { afterEach, beforeEach } from "vitest";
import { createS3MetadataLayer } from "../../src/index.js";

/** An `s3:` metadata layer. */
export type S3MetadataLayer = ReturnType<typeof createS3MetadataLayer>;

import { makeS3Client, removeBucket, useBucket } from "./s3-fixture.js";

/** Storage hooks that make and remove just the bucket (the content layer's part, minus its features). */
export function bucketHooks(s3: S3Client, bucket: string): StorageHooks {
  return {
    async create() {
      try {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      } catch (err) {
        if ((err as { name?: string }).name !== "BucketAlreadyOwnedByYou") throw err;
      }
    },
    destroy: () => removeBucket(s3, bucket),
  };
}

/**
 * Counts the S3 requests a client sends, by command name (one per `send`; the tests run without
 * failures, so no SDK retries hide in the counts).
 */
export function countRequests(s3: S3Client) {
  const counts = new Map<string, number>();
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? "?");
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: "initialize", name: "requestCounter" },
  );
  return {
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    byCommand: () => Object.fromEntries(counts),
    reset: () => counts.clear(),
  };
}

/** A metadata layer on `bucket`, created or opened. */
export function layerOn(s3: S3Client, bucket: string): S3MetadataLayer {
  return createS3MetadataLayer({ s3, bucket });
}

/** A fresh `s3:` metadata store per test (created before it, removed after it) and a way to open more handles. */
export function useLayer() {
  const bucketOf = useBucket({ create: false });
  let current: { layer: S3MetadataLayer; s3: S3Client; bucket: string } | undefined;
  const clients: S3Client[] = [];
  beforeEach(async () => {
    const { s3, bucket } = bucketOf();
    const layer = layerOn(s3, bucket);
    await layer.create(bucketHooks(s3, bucket), {});
    current = { layer, s3, bucket };
  });
  afterEach(() => {
    current = undefined;
    for (const client of clients.splice(0)) client.destroy();
  });
  return {
    get: () => {
      if (!current) throw new Error("useLayer() fixtures exist only inside a test");
      return current;
    },
    /** Another handle on the same store, with its own client (so requests can be counted apart). */
    async other(): Promise<{ layer: S3MetadataLayer; s3: S3Client }> {
      const { bucket } = this.get();
      const s3 = makeS3Client();
      clients.push(s3);
      const layer = layerOn(s3, bucket);
      await layer.open({});
      return { layer, s3 };
    },
  };
}
