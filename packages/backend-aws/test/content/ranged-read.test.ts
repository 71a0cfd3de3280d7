import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { isJobStoreError } from "@jobstore/core";
import { afterEach, describe, expect, it } from "vitest";
import { RANGED_READ_MIN_BYTES } from "../../../object-store/src/content/ranged-reader.js";
import { createS3ContentLayer } from "../../src/index.js";
import { makeS3, stackAvailable, uniquePrefix } from "../local-stack.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function layer(encryptionKey?: Buffer) {
  const s3 = makeS3();
  const bucket = `${uniquePrefix("ranged")}--files`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const content = createS3ContentLayer({
    region: "us-east-1",
    bucket,
    s3,
    partSize: 5 * 1024 * 1024,
    encryptionKey,
    readConcurrency: 3,
  });
  cleanups.push(async () => {
    await content.storage.destroy({});
    s3.destroy();
  });
  return { content, s3, bucket };
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const SIZE = RANGED_READ_MIN_BYTES + 3 * 1024 * 1024 + 17;

describe.skipIf(!stackAvailable)("ranged reads of large content", () => {
  it.each([
    ["plain", undefined],
    ["encrypted", randomBytes(32)],
  ])("%s content read with parallel ranged GETs comes back byte for byte", async (_name, key) => {
    const { content } = await layer(key);
    const data = randomBytes(SIZE);
    const ref = await content.store("f1", Readable.from([data]), key !== undefined, 256, {}, "file f1");
    const stream = await content.open(ref, {}, "file f1");
    expect(stream).toBeDefined();
    const back = await collect(stream as Readable);
    expect(sha(back)).toBe(sha(data));
  });

  it("an object of another length than recorded fails with JOBSTORE_CHECKSUM_MISMATCH", async () => {
    const { content, s3, bucket } = await layer();
    const data = randomBytes(SIZE);
    const ref = await content.store("f1", Readable.from([data]), false, 256, {}, "file f1");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: ref.key, Body: data.subarray(0, SIZE - 1) }));
    const err = await (async () => collect((await content.open(ref, {}, "file f1")) as Readable))().catch(
      (e: unknown) => e,
    );
    expect(isJobStoreError(err, "JOBSTORE_CHECKSUM_MISMATCH")).toBe(true);
  });

  it("a missing object opens as undefined, so the caller re-reads its record", async () => {
    const { content, s3, bucket } = await layer();
    const ref = await content.store("f1", Readable.from([randomBytes(SIZE)]), false, 256, {}, "file f1");
    await content.discard(ref.key);
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: ref.key }))).rejects.toThrow();
    expect(await content.open(ref, {}, "file f1")).toBeUndefined();
  });

  it("a reader that stops early releases the read", async () => {
    const { content } = await layer();
    const ref = await content.store("f1", Readable.from([randomBytes(SIZE)]), false, 256, {}, "file f1");
    const stream = (await content.open(ref, {}, "file f1")) as Readable;
    for await (const _chunk of stream) break;
    expect(stream.destroyed).toBe(true);
  });
});
