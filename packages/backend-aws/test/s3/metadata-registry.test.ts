import { HeadBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { JOBS_PREFIX, STORE_MARKER_KEY } from "../../../object-store/src/metadata/objects/object-keys.js";
import { createS3MetadataLayer } from "../../src/index.js";
import { bucketHooks, layerOn } from "./layer-fixture.js";
import { makeS3Client, rawObjects, s3Available, s3Stack, useBucket } from "./s3-fixture.js";
import { startStrippingProxy } from "./stripping-proxy.js";

async function bucketExists(s3: ReturnType<typeof makeS3Client>, bucket: string): Promise<boolean> {
  return s3.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  );
}

async function markerBody(s3: ReturnType<typeof makeS3Client>, bucket: string) {
  const marker = await rawObjects(s3, bucket).get(STORE_MARKER_KEY, {});
  return marker ? JSON.parse(marker.body.toString()) : undefined;
}

describe.skipIf(!s3Available)("s3: store registry (one marker object)", () => {
  const fixture = useBucket({ create: false });

  it("create finds radosgw's If-Match form and wildcard support and records them in the marker", async () => {
    const { s3, bucket } = fixture();
    await layerOn(s3, bucket).create(bucketHooks(s3, bucket), {});
    expect(await markerBody(s3, bucket)).toEqual({ format: 1, ifMatch: "unquoted", ifMatchAny: true });
  });

  it("open without a bucket, or of a bucket without the marker, rejects with JOBSTORE_NO_SUCH_STORE", async () => {
    const { s3, bucket } = fixture();
    await expect(layerOn(s3, bucket).open({})).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_STORE" });
    await bucketHooks(s3, bucket).create({});
    await expect(layerOn(s3, bucket).open({})).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_STORE" });
  });

  it("destroy removes the marker first and the bucket, is idempotent, and works on a never-created store", async () => {
    const { s3, bucket } = fixture();
    const layer = layerOn(s3, bucket);
    await layer.destroy(bucketHooks(s3, bucket), {});
    await layer.create(bucketHooks(s3, bucket), {});
    await layer.destroy(bucketHooks(s3, bucket), {});
    await layer.destroy(bucketHooks(s3, bucket), {});
    expect(await bucketExists(s3, bucket)).toBe(false);
    await expect(layerOn(s3, bucket).open({})).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_STORE" });
  });

  it("a half-created store (bucket and probe object, no marker) is refused by open and removed by destroy", async () => {
    const { s3, bucket } = fixture();
    await bucketHooks(s3, bucket).create({});
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "meta/probe/left-by-a-crash", Body: "x" }));
    await expect(layerOn(s3, bucket).open({})).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_STORE" });
    await layerOn(s3, bucket).destroy(bucketHooks(s3, bucket), {});
    expect(await bucketExists(s3, bucket)).toBe(false);
  });

  it("create over the metadata of an unfinished destroy rejects with JOBSTORE_EXISTS until destroy finishes", async () => {
    const { s3, bucket } = fixture();
    await bucketHooks(s3, bucket).create({});
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `${JOBS_PREFIX}old-job`, Body: "{}" }));
    const layer = layerOn(s3, bucket);
    await expect(layer.create(bucketHooks(s3, bucket), {})).rejects.toMatchObject({
      code: "JOBSTORE_EXISTS",
    });
    await layer.destroy(bucketHooks(s3, bucket), {});
    await layer.create(bucketHooks(s3, bucket), {});
    expect(await layer.jobExists("old-job", {})).toBe(false);
  });

  it("open racing a destroy (marker gone after it was read) rejects with JOBSTORE_NO_SUCH_STORE and leaves no marker", async () => {
    const { s3, bucket } = fixture();
    await layerOn(s3, bucket).create(bucketHooks(s3, bucket), {});
    const slow = makeS3Client();
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held!: () => void;
    const holding = new Promise<void>((resolve) => {
      held = resolve;
    });
    slow.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutObjectCommand") {
          held();
          await released;
        }
        return next(args);
      },
      { step: "initialize", name: "holdPuts" },
    );
    try {
      const opening = layerOn(slow, bucket).open({});
      await holding;
      await rawObjects(s3, bucket).delete(STORE_MARKER_KEY, {});
      release();
      await expect(opening).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_STORE" });
      expect(await markerBody(s3, bucket)).toBeUndefined();
    } finally {
      slow.destroy();
    }
  });

  it("an unreadable marker makes open reject with JOBSTORE_NOT_SUPPORTED", async () => {
    const { s3, bucket } = fixture();
    await bucketHooks(s3, bucket).create({});
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: STORE_MARKER_KEY, Body: '{"format":99}' }));
    await expect(layerOn(s3, bucket).open({})).rejects.toMatchObject({ code: "JOBSTORE_NOT_SUPPORTED" });
  });
});

describe.skipIf(!s3Available)("s3: stores refuse a server that ignores conditional writes", () => {
  const fixture = useBucket({ create: false });

  async function throughProxy<T>(fn: (layer: ReturnType<typeof layerOn>, endpoint: string) => Promise<T>) {
    const { s3, bucket } = fixture();
    const proxy = await startStrippingProxy(s3Stack.endpoint ?? "", s3);
    const client = makeS3Client(proxy.endpoint, 1);
    try {
      return await fn(createS3MetadataLayer({ s3: client, bucket }), proxy.endpoint);
    } finally {
      client.destroy();
      await proxy.close();
    }
  }

  it("create rejects with JOBSTORE_NOT_SUPPORTED naming the endpoint, and writes no marker", async () => {
    const { s3, bucket } = fixture();
    await throughProxy(async (layer, endpoint) => {
      const error = await layer.create(bucketHooks(s3, bucket), {}).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "JOBSTORE_NOT_SUPPORTED" });
      expect((error as Error).message).toContain(new URL(endpoint).host);
    });
    expect(await markerBody(s3, bucket)).toBeUndefined();
  });

  it("open of a store made on the real server rejects with JOBSTORE_NOT_SUPPORTED through the proxy", async () => {
    const { s3, bucket } = fixture();
    await layerOn(s3, bucket).create(bucketHooks(s3, bucket), {});
    await throughProxy(async (layer) => {
      await expect(layer.open({})).rejects.toMatchObject({ code: "JOBSTORE_NOT_SUPPORTED" });
    });
    await expect(layerOn(s3, bucket).open({})).resolves.toBeUndefined();
  });
});
