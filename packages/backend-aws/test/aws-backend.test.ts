import { randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { GetAttributesCommand } from "@jobstore/client-simpledb";
import { createJobStore, encodeJob, isJobStoreError, type JobStore, openJobStore } from "@jobstore/core";
import { afterEach, describe, expect, it } from "vitest";
import { OVERLARGE_THRESHOLD } from "../src/index.js";
import { localBackend, makeS3, makeSimpleDb, stackAvailable, uniquePrefix } from "./local-stack.js";

const MIB = 1024 * 1024;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A fresh, initialized store plus raw clients to inspect what it wrote. */
async function fixture() {
  const prefix = uniquePrefix();
  const store = createJobStore(localBackend(prefix));
  cleanups.push(async () => {
    await store.destroy();
    await store.close();
  });
  await store.initialize();
  const sdb = makeSimpleDb();
  const s3 = makeS3();
  cleanups.push(async () => {
    sdb.destroy();
    s3.destroy();
  });
  const item = async (domain: "jobs" | "files", name: string) => {
    const out = await sdb.send(
      new GetAttributesCommand({ DomainName: `${prefix}--${domain}`, ItemName: name, ConsistentRead: true }),
    );
    return new Map(out.Attributes.map((a) => [a.Name, a.Value]));
  };
  const open = async () => {
    const other = createJobStore(localBackend(prefix));
    cleanups.push(() => other.close());
    await other.resume();
    return other;
  };
  return { prefix, store, sdb, s3, item, open, bucket: `${prefix}--files` };
}

async function readAll(store: JobStore, fileId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.readFileStream(fileId)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A job whose encoded form is exactly `target` bytes once createJob has set version 1. */
function jobOfEncodedSize(jobStoreId: string, target: number) {
  const noise = randomBytes(target).toString("base64");
  const make = (length: number) => ({ jobStoreId, version: 1, payload: noise.slice(0, length) });
  let low = 0;
  let high = noise.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (encodeJob(make(mid)).length < target) low = mid + 1;
    else high = mid;
  }
  for (let length = Math.max(0, low - 64); length < low + 64; length++) {
    if (encodeJob(make(length)).length === target) return { ...make(length), version: 0 };
  }
  throw new Error(`no payload length encodes to exactly ${target} bytes`);
}

describe.skipIf(!stackAvailable)("aws backend specifics", () => {
  describe("job chunking and overlarge jobs", () => {
    it.each([
      [OVERLARGE_THRESHOLD - 1, false],
      [OVERLARGE_THRESHOLD, false],
      [OVERLARGE_THRESHOLD + 1, true],
    ])("a job encoded in %i bytes is stored in S3: %s", async (size, overlarge) => {
      const f = await fixture();
      const job = jobOfEncodedSize(f.store.assignJobId({}).jobStoreId, size);
      expect(encodeJob({ ...job, version: 1 }).length).toBe(size);
      await f.store.createJob(job);
      const item = await f.item("jobs", job.jobStoreId);
      expect(item.get("overlargeID") !== "").toBe(overlarge);
      expect(item.get("numChunks")).toBe(overlarge ? "0" : "254");
      expect(await (await f.open()).loadJob(job.jobStoreId)).toEqual(job);
    });

    it("a job that grows past the threshold and shrinks again leaves no residual chunks or S3 objects", async () => {
      const f = await fixture();
      const job = f.store.assignJobId({ body: "small" } as Record<string, unknown>);
      await f.store.createJob(job);
      job.body = randomBytes(100_000).toString("hex"); // 200,000 bytes of JSON, about 100 KB deflated
      await f.store.updateJob(job);
      const grown = await f.item("jobs", job.jobStoreId);
      expect(Number(grown.get("numChunks"))).toBeGreaterThan(100);
      job.body = randomBytes(300_000).toString("base64");
      await f.store.updateJob(job);
      const overlargeKey = (await f.item("jobs", job.jobStoreId)).get("overlargeID")!;
      expect(overlargeKey).not.toBe("");
      job.body = "small again";
      await f.store.updateJob(job);
      const shrunk = await f.item("jobs", job.jobStoreId);
      const chunkNames = [...shrunk.keys()].filter((n) => /^\d{3}$/.test(n));
      expect(chunkNames).toEqual(["000"]);
      expect(shrunk.get("overlargeID")).toBe("");
      await expect(
        f.s3.send(new GetObjectCommand({ Bucket: f.bucket, Key: overlargeKey })),
      ).rejects.toThrow();
      expect(await (await f.open()).loadJob(job.jobStoreId)).toEqual(job);
    });

    it("updateJob from a handle with a stale view still replaces the job and removes the old chunks", async () => {
      const f = await fixture();
      const job = f.store.assignJobId({ body: "x".repeat(10) } as Record<string, unknown>);
      await f.store.createJob(job);
      const other = await f.open();
      const theirs = await other.loadJob(job.jobStoreId);
      theirs.body = randomBytes(20_000).toString("hex");
      await other.updateJob(theirs);
      job.body = "mine";
      await f.store.updateJob(job); // this handle still believes the job has one chunk
      expect((await other.loadJob(job.jobStoreId)).body).toBe("mine");
      expect([...(await f.item("jobs", job.jobStoreId)).keys()].filter((n) => /^\d{3}$/.test(n))).toEqual([
        "000",
      ]);
    });
  });

  describe("inline files", () => {
    it.each([
      [255, true],
      [256, true],
      [257, false],
    ])("a %i-byte file is inline: %s", async (size, inline) => {
      const f = await fixture();
      const content = randomBytes(size);
      const fileId = await f.store.writeFileStream((w) => void w.end(content));
      const item = await f.item("files", fileId);
      // Both attributes are always written, the unused one empty, so one put can move content.
      expect(item.get("key") === "").toBe(inline);
      expect(await readAll(await f.open(), fileId)).toEqual(content);
    });

    it("updates move a file between inline and S3 and back, removing superseded objects", async () => {
      const f = await fixture();
      const fileId = await f.store.writeFileStream((w) => void w.end("tiny"));
      const big = randomBytes(300_000);
      await f.store.updateFileStream(fileId, (w) => void w.end(big));
      const key = (await f.item("files", fileId)).get("key")!;
      expect(key).not.toBe("");
      expect(await readAll(f.store, fileId)).toEqual(big);
      await f.store.updateFileStream(fileId, (w) => void w.end("tiny again"));
      expect((await f.item("files", fileId)).get("key")).toBe("");
      expect((await readAll(f.store, fileId)).toString()).toBe("tiny again");
      await expect(f.s3.send(new GetObjectCommand({ Bucket: f.bucket, Key: key }))).rejects.toThrow();
    });
  });

  describe("multipart uploads", () => {
    it.each([1, 2.33])("a stream of %s parts of 5 MiB round-trips", async (parts) => {
      const f = await fixture();
      const content = randomBytes(Math.round(parts * 5 * MIB));
      const fileId = await f.store.writeFileStream(async (w) => {
        for (let offset = 0; offset < content.length; offset += 1 << 20) {
          if (!w.write(content.subarray(offset, offset + (1 << 20))))
            await new Promise((r) => w.once("drain", r));
        }
      });
      expect(await f.store.getFileSize(fileId)).toBe(content.length);
      expect((await readAll(await f.open(), fileId)).equals(content)).toBe(true);
    });
  });

  describe("races and corruption", () => {
    it("of two updates racing on one file, one wins and the other rejects with JOBSTORE_CONCURRENT_MODIFICATION", async () => {
      const f = await fixture();
      const other = await f.open();
      const fileId = await f.store.writeFileStream((w) => void w.end("original"));
      let release!: () => void;
      let started!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const consuming = new Promise<void>((r) => (started = r));
      const slow = f.store.updateFileStream(fileId, async (w) => {
        // More than the stream buffers hold: once these writes drain, the store is consuming the
        // update, so it has read the version it will replace.
        for (let i = 0; i < 3; i++) {
          if (!w.write(randomBytes(MIB))) await new Promise((r) => w.once("drain", r));
        }
        started();
        await gate;
        w.end("done");
      });
      await consuming;
      await other.updateFileStream(fileId, (w) => void w.end("fast writer wins"));
      release();
      const outcome = await slow.then(
        () => "stored",
        (err: unknown) => (isJobStoreError(err) ? err.code : String(err)),
      );
      expect(outcome).toBe("JOBSTORE_CONCURRENT_MODIFICATION");
      expect((await readAll(f.store, fileId)).toString()).toBe("fast writer wins");
    });

    it("content corrupted in S3 is reported as JOBSTORE_CHECKSUM_MISMATCH", async () => {
      const f = await fixture();
      const content = randomBytes(10_000);
      const fileId = await f.store.writeFileStream((w) => void w.end(content));
      const key = (await f.item("files", fileId)).get("key")!;
      const corrupted = Buffer.from(content);
      corrupted[5000] = (corrupted[5000]! + 1) % 256;
      await f.s3.send(new PutObjectCommand({ Bucket: f.bucket, Key: key, Body: corrupted }));
      await expect(readAll(f.store, fileId)).rejects.toMatchObject({ code: "JOBSTORE_CHECKSUM_MISMATCH" });
      await expect(f.store.readFile(fileId, "/tmp/never-written")).rejects.toMatchObject({
        code: "JOBSTORE_CHECKSUM_MISMATCH",
      });
    });
  });

  describe("s3: import and export", () => {
    it.each([100, 400_000])(
      "a %i-byte file exported to s3: and imported back keeps its bytes",
      async (size) => {
        const f = await fixture();
        const bucket = `${f.prefix}-xfer`;
        await f.s3.send(new CreateBucketCommand({ Bucket: bucket }));
        cleanups.push(async () => {
          await f.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: "out/data.bin" }));
          await f.s3.send(new DeleteBucketCommand({ Bucket: bucket }));
        });
        const content = randomBytes(size);
        const fileId = await f.store.writeFileStream((w) => void w.end(content));
        await f.store.exportFile(fileId, `s3://${bucket}/out/data.bin`);
        const exported = await f.s3.send(new GetObjectCommand({ Bucket: bucket, Key: "out/data.bin" }));
        expect(Buffer.from(await exported.Body!.transformToByteArray()).equals(content)).toBe(true);
        const imported = (await f.store.importFile(`s3://${bucket}/out/data.bin`))!;
        expect((await readAll(await f.open(), imported)).equals(content)).toBe(true);
      },
    );

    it("importing a missing s3: object rejects with JOBSTORE_NO_SUCH_FILE", async () => {
      const f = await fixture();
      await expect(f.store.importFile(`s3://${f.bucket}/no/such/key`)).rejects.toMatchObject({
        code: "JOBSTORE_NO_SUCH_FILE",
      });
    });
  });

  describe("locators", () => {
    it("openJobStore(aws:<region>:<prefix>) builds its clients from the standard AWS environment", async () => {
      const prefix = uniquePrefix("l");
      const store = await openJobStore(`aws:us-east-1:${prefix}`);
      cleanups.push(async () => {
        await store.destroy();
        await store.close();
      });
      await store.initialize();
      const fileId = await store.writeFileStream((w) => w.end(randomBytes(1000)));
      expect(await store.getFileSize(fileId)).toBe(1000);
      const again = await openJobStore(`aws:us-east-1:${prefix}`);
      cleanups.push(() => again.close());
      await again.resume();
      expect(again.config.workflowId).toBe(store.config.workflowId);
    });
  });
});
