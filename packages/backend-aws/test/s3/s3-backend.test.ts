import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createJobStore, type JobStore } from "@jobstore/core";
import { afterEach, describe, expect, it } from "vitest";
import { fileRecordKey } from "../../../object-store/src/metadata/objects/object-keys.js";
import { s3BucketName } from "../../src/index.js";
import { startChild } from "./children/spawn.js";
import { countRequests } from "./layer-fixture.js";
import { localS3Backend, TEST_KEY, TEST_PART_SIZE, uniqueStoreName } from "./s3-backend-fixture.js";
import { makeS3Client, rawObjects, s3Available, s3Stack } from "./s3-fixture.js";
import { startStrippingProxy } from "./stripping-proxy.js";

const stores: { name: string; key?: Buffer }[] = [];
const clients: S3Client[] = [];
afterEach(async () => {
  for (const { name, key } of stores.splice(0)) {
    const store = createJobStore(localS3Backend(name, key ? { encryptionKey: key } : {}));
    await store.destroy();
    await store.close();
  }
  for (const client of clients.splice(0)) client.destroy();
});

/** A client that is destroyed after the test. */
function client(endpoint?: string, maxAttempts?: number): S3Client {
  const made = makeS3Client(endpoint, maxAttempts);
  clients.push(made);
  return made;
}

/** A new, initialized store (destroyed after the test) and its name. */
async function newStore(options: { encrypted?: boolean; s3?: S3Client } = {}) {
  const name = uniqueStoreName();
  const key = options.encrypted ? TEST_KEY : undefined;
  stores.push(key ? { name, key } : { name });
  const store = createJobStore(
    localS3Backend(name, key ? { encryptionKey: key } : {}, options.s3 ?? client()),
  );
  await store.initialize();
  return { name, store, bucket: s3BucketName(name) };
}

async function readAll(store: JobStore, fileId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.readFileStream(fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function writeBytes(
  store: JobStore,
  bytes: Buffer,
  options: { jobId?: string; cleanup?: boolean } = {},
) {
  return store.writeFileStream(async (writable) => {
    writable.end(bytes);
  }, options);
}

describe.skipIf(!s3Available)("s3: two processes racing on one file", () => {
  it("exactly one update wins; the other gets JOBSTORE_CONCURRENT_MODIFICATION and leaves no content behind", async () => {
    const { name, store, bucket } = await newStore();
    const fileId = await writeBytes(store, Buffer.alloc(1000, "0"));
    const racers = [
      startChild("racing-updater.ts", [name, fileId, "a"]),
      startChild("racing-updater.ts", [name, fileId, "b"]),
    ];
    // Both have read the record and hold their conditional write: release them together.
    await Promise.all(racers.map((racer) => racer.next("ready")));
    for (const racer of racers) racer.send("go");
    const results = await Promise.all(racers.map(async (racer) => (await racer.next("result ")).slice(7)));
    expect([...results].sort()).toEqual(["JOBSTORE_CONCURRENT_MODIFICATION", "ok"]);
    const winner = results[0] === "ok" ? "a" : "b";
    expect(await readAll(store, fileId)).toEqual(Buffer.alloc(1000, winner));
    // The loser's content object was discarded and the superseded one deleted: one content object left.
    const objects = rawObjects(client(), bucket);
    const contentKeys: string[] = [];
    for await (const page of objects.list("files/", {})) contentKeys.push(...page.map((o) => o.key));
    expect(contentKeys).toHaveLength(1);
  });
});

describe.skipIf(!s3Available)("s3: corrupted content is detected", () => {
  async function flipByte(bucket: string, key: string, at: (body: Buffer) => number) {
    const s3 = client();
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = Buffer.from(await out.Body!.transformToByteArray());
    const index = at(body);
    body[index] = (body[index] as number) ^ 0x01;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  async function contentKeyOf(bucket: string): Promise<string> {
    for await (const page of rawObjects(client(), bucket).list("files/", {})) {
      if (page[0]) return page[0].key;
    }
    throw new Error("no content object");
  }

  for (const encrypted of [false, true]) {
    it(`a flipped byte in a content object fails the read with JOBSTORE_CHECKSUM_MISMATCH${encrypted ? " (encrypted)" : ""}`, async () => {
      const { store, bucket } = await newStore({ encrypted });
      const fileId = await writeBytes(store, Buffer.alloc(10_000, "x"));
      await flipByte(bucket, await contentKeyOf(bucket), (body) => body.length >> 1);
      await expect(readAll(store, fileId)).rejects.toMatchObject({ code: "JOBSTORE_CHECKSUM_MISMATCH" });
    });
  }

  it("a flipped byte of inline content in a record fails the read with JOBSTORE_CHECKSUM_MISMATCH", async () => {
    const { store, bucket } = await newStore();
    const fileId = await writeBytes(store, Buffer.from("small and inline"));
    const s3 = client();
    const key = fileRecordKey(fileId);
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const record = JSON.parse(await out.Body!.transformToString()) as { inline: string };
    const bytes = Buffer.from(record.inline, "base64");
    bytes[0] = (bytes[0] as number) ^ 0x01;
    record.inline = bytes.toString("base64");
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(record) }));
    await expect(readAll(store, fileId)).rejects.toMatchObject({ code: "JOBSTORE_CHECKSUM_MISMATCH" });
  });
});

describe.skipIf(!s3Available)("s3: lifecycle on the whole backend", () => {
  it("initialize through a proxy that drops conditional headers rejects with JOBSTORE_NOT_SUPPORTED", async () => {
    const name = uniqueStoreName();
    stores.push({ name });
    const proxy = await startStrippingProxy(s3Stack.endpoint ?? "", client());
    try {
      const store = createJobStore(localS3Backend(name, {}, client(proxy.endpoint, 1)));
      await expect(store.initialize()).rejects.toMatchObject({ code: "JOBSTORE_NOT_SUPPORTED" });
      expect(proxy.stripped()).toBeGreaterThan(0);
      await store.destroy();
    } finally {
      await proxy.close();
    }
    await expect(createJobStore(localS3Backend(name)).resume()).rejects.toMatchObject({
      code: "JOBSTORE_NO_SUCH_STORE",
    });
  });

  it("a half-created store (bucket, probe and content objects, no marker) is refused, destroyed, and can be made again", async () => {
    const name = uniqueStoreName();
    stores.push({ name });
    const s3 = client();
    const bucket = s3BucketName(name);
    await createJobStore(localS3Backend(name, {}, s3)).initialize();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "files/orphan/v1", Body: "x" }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "meta/probe/left", Body: "x" }));
    await rawObjects(s3, bucket).delete("meta/store.json", {});
    const store = createJobStore(localS3Backend(name, {}, s3));
    await expect(store.resume()).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_STORE" });
    await store.destroy();
    await store.destroy();
    const again = createJobStore(localS3Backend(name, {}, s3));
    await again.initialize();
    const shared = [];
    for await (const file of again.listSharedFiles()) shared.push(file.name);
    expect(shared).toEqual(["config.json"]);
  });
});

describe.skipIf(!s3Available)("s3: requests per operation", () => {
  it("loadJob 1, updateJob 1, small write 1, small read 1, write below one part 2, jobs() 1 list + 1 GET per job", async () => {
    const { name } = await newStore();
    const s3 = client();
    const store = createJobStore(localS3Backend(name, {}, s3));
    await store.resume();
    const job = await store.createJob(store.assignJobId({ jobName: "j" }));
    const counter = countRequests(s3);
    const measure = async (fn: () => Promise<unknown>) => {
      counter.reset();
      await fn();
      return counter.byCommand();
    };
    expect(await measure(() => store.loadJob(job.jobStoreId))).toEqual({ GetObjectCommand: 1 });
    expect(await measure(() => store.updateJob(job))).toEqual({ PutObjectCommand: 1 });
    let small = "";
    expect(
      await measure(async () => {
        small = await writeBytes(store, Buffer.alloc(256, "s"), { jobId: job.jobStoreId, cleanup: true });
      }),
    ).toEqual({ PutObjectCommand: 1 });
    expect(await measure(() => readAll(store, small))).toEqual({ GetObjectCommand: 1 });
    expect(await measure(() => writeBytes(store, Buffer.alloc(TEST_PART_SIZE - 1, "m")))).toEqual({
      PutObjectCommand: 2,
    });
    expect(
      await measure(async () => {
        for await (const _ of store.jobs()) {
          // walk
        }
      }),
    ).toEqual({ ListObjectsV2Command: 1, GetObjectCommand: 1 });
  });

  it("destroy takes 2 requests per 1000 objects plus a few", async () => {
    const { name, bucket } = await newStore();
    const objects = rawObjects(client(), bucket);
    const keys = Array.from({ length: 2100 }, (_, i) => `files/bulk-${i}/v`);
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(
        keys.slice(i, i + 100).map((key) => objects.put(key, Buffer.alloc(0), undefined, {})),
      );
    }
    const s3 = client();
    const counter = countRequests(s3);
    await createJobStore(localS3Backend(name, {}, s3)).destroy();
    // 2100 objects + the marker and config.json: 3 pages of 1000, each one listing and one DeleteObjects;
    // at most 5 more (marker, uploads, bucket): so 10,000 objects take at most 25 requests.
    const pages = 3;
    expect(counter.byCommand()).toMatchObject({ ListObjectsV2Command: pages, DeleteObjectsCommand: pages });
    expect(counter.total()).toBeLessThanOrEqual(2 * pages + 5);
  });
});
