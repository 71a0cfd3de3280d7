import { isObjectStoreError, type ObjectStore } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { createS3ObjectStore } from "../../src/s3-object-store/index.js";
import { s3Available, s3Stack, uniqueName, useBucket } from "./s3-fixture.js";

const MIB = 1024 * 1024;

describe.skipIf(!s3Available)("the S3 adapter on the local S3 server", () => {
  const fixture = useBucket();
  // radosgw (the local stack) wants the ETag in If-Match without quotes.
  const objects = (): ObjectStore =>
    createS3ObjectStore({
      s3: fixture().s3,
      bucket: fixture().bucket,
      region: s3Stack.region,
      ifMatch: "unquoted",
    });

  describe("conditional puts", () => {
    it("a create with If-None-Match succeeds once, then reports the key taken without overwriting", async () => {
      const store = objects();
      const first = await store.put("k", Buffer.from("one"), { ifNoneMatch: "*" }, {});
      expect(first.written).toBe(true);
      const second = await store.put("k", Buffer.from("two"), { ifNoneMatch: "*" }, {});
      expect(second).toEqual({ written: false, lost: "exists", uncertain: false });
      expect((await store.get("k", {}))?.body.toString()).toBe("one");
    });

    it("an If-Match write succeeds on the tag read and fails on a stale one", async () => {
      const store = objects();
      const created = await store.put("k", Buffer.from("one"), { ifNoneMatch: "*" }, {});
      if (!created.written) throw new Error("create failed");
      const read = await store.get("k", {});
      expect(read?.tag).toBe(created.tag);
      const updated = await store.put("k", Buffer.from("two"), { ifMatch: created.tag }, {});
      expect(updated.written).toBe(true);
      const stale = await store.put("k", Buffer.from("three"), { ifMatch: created.tag }, {});
      expect(stale).toMatchObject({ written: false, lost: "changed" });
      expect((await store.get("k", {}))?.body.toString()).toBe("two");
    });

    it("the quoted If-Match form is refused by radosgw and the bare one accepted: the dialect decides", async () => {
      const store = createS3ObjectStore({
        s3: fixture().s3,
        bucket: fixture().bucket,
        region: s3Stack.region,
      });
      expect(store.dialect?.candidates).toEqual(["quoted", "unquoted"]);
      const created = await store.put("k", Buffer.from("one"), undefined, {});
      if (!created.written) throw new Error("put failed");
      store.dialect?.use("quoted");
      expect((await store.put("k", Buffer.from("two"), { ifMatch: created.tag }, {})).written).toBe(false);
      store.dialect?.use("unquoted");
      expect((await store.put("k", Buffer.from("two"), { ifMatch: created.tag }, {})).written).toBe(true);
    });

    it("If-Match on a missing key fails", async () => {
      const out = await objects().put("missing", Buffer.from("x"), { ifMatch: "*" }, {});
      expect(out.written).toBe(false);
      expect(await objects().head("missing", {})).toBeUndefined();
    });
  });

  describe("reads and deletes", () => {
    it("get, open and head of a missing key are undefined; delete of one is success", async () => {
      const store = objects();
      expect(await store.get("nope", {})).toBeUndefined();
      expect(await store.open("nope", {})).toBeUndefined();
      expect(await store.head("nope", {})).toBeUndefined();
      expect(await store.delete("nope", {})).toBe(true);
    });

    it("a ranged get returns exactly the range and the whole object's size, at both edges", async () => {
      const store = objects();
      const bytes = Buffer.from("0123456789");
      await store.put("r", bytes, undefined, {});
      expect(await store.get("r", { range: { start: 0, end: 0 } })).toMatchObject({
        size: 10,
        body: Buffer.from("0"),
      });
      expect(await store.get("r", { range: { start: 9, end: 9 } })).toMatchObject({
        size: 10,
        body: Buffer.from("9"),
      });
      const head = await store.head("r", {});
      expect(head).toMatchObject({ key: "r", size: 10 });
      expect(head?.lastModified).toBeInstanceOf(Date);
    });

    it("a range past the object's end is an invalid request", async () => {
      const store = objects();
      await store.put("r", Buffer.from("abc"), undefined, {});
      const err = await store.get("r", { range: { start: 5, end: 9 } }).catch((e: unknown) => e);
      expect(isObjectStoreError(err, "invalid")).toBe(true);
    });

    it("list pages through more than one page in key order, and deleteMany deletes them all", async () => {
      const store = objects();
      const keys = Array.from({ length: 1003 }, (_, i) => `p/${String(i).padStart(5, "0")}`);
      for (let i = 0; i < keys.length; i += 50) {
        await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, Buffer.alloc(0), undefined, {})));
      }
      await store.put("q/outside", Buffer.alloc(0), undefined, {});
      const pages: string[][] = [];
      for await (const page of store.list("p/", {})) pages.push(page.map((o) => o.key));
      expect(pages.map((p) => p.length)).toEqual([1000, 3]);
      expect(pages.flat()).toEqual(keys);
      await store.deleteMany([...keys, "p/never-there"], {});
      const left: string[] = [];
      for await (const page of store.list("", {})) left.push(...page.map((o) => o.key));
      expect(left).toEqual(["q/outside"]);
    });

    it("keys with percent signs round-trip", async () => {
      const store = objects();
      await store.put("meta/files/a%2Fb%2E", Buffer.from("x"), { ifNoneMatch: "*" }, {});
      const keys: string[] = [];
      for await (const page of store.list("meta/", {})) keys.push(...page.map((o) => o.key));
      expect(keys).toEqual(["meta/files/a%2Fb%2E"]);
      expect((await store.get("meta/files/a%2Fb%2E", {}))?.body.toString()).toBe("x");
    });
  });

  describe("multipart uploads", () => {
    it("parts uploaded out of order complete into one object in part order", async () => {
      const store = objects();
      const id = await store.beginUpload("m", {});
      const a = Buffer.alloc(5 * MIB, 1);
      const b = Buffer.from("tail");
      const second = await store.uploadPart("m", id, 2, b, {});
      const first = await store.uploadPart("m", id, 1, a, {});
      const out = await store.completeUpload("m", id, [first, second], undefined, {});
      expect(out.written).toBe(true);
      const read = await store.get("m", {});
      expect(read?.size).toBe(a.length + b.length);
      expect(read?.body.subarray(a.length).toString()).toBe("tail");
    });

    it("an incomplete upload is listed until aborted, and a second abort is success", async () => {
      const store = objects();
      const id = await store.beginUpload("u/1", {});
      const listed = [];
      for await (const page of store.listUploads("u/", {})) listed.push(...page);
      expect(listed).toEqual([{ key: "u/1", uploadId: id, initiated: expect.any(Date) }]);
      await store.abortUpload("u/1", id, {});
      await store.abortUpload("u/1", id, {});
      const after = [];
      for await (const page of store.listUploads("u/", {})) after.push(...page);
      expect(after).toEqual([]);
    });
  });

  describe("errors", () => {
    it("operations on a missing bucket are no-container, reads of it no value, deletes success", async () => {
      const store = createS3ObjectStore({
        s3: fixture().s3,
        bucket: uniqueName("gone"),
        region: s3Stack.region,
      });
      const err = await store.get("k", {}).catch((e: unknown) => e);
      expect(isObjectStoreError(err, "no-container")).toBe(true);
      await expect(store.put("k", Buffer.from("x"), undefined, {})).rejects.toMatchObject({
        kind: "no-container",
      });
      expect(await store.delete("k", {})).toBe(true);
      await store.deleteMany(["k"], {});
      await store.destroyContainer({});
    });

    it("a fired signal is aborted, whatever the SDK says", async () => {
      const controller = new AbortController();
      controller.abort();
      const err = await objects()
        .put("k", Buffer.from("x"), { ifNoneMatch: "*" }, { signal: controller.signal })
        .catch((e: unknown) => e);
      expect(isObjectStoreError(err, "aborted")).toBe(true);
    });

    it("refused credentials are auth", async () => {
      const { S3Client } = await import("@aws-sdk/client-s3");
      const s3 = new S3Client({
        region: s3Stack.region,
        endpoint: s3Stack.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: "NOSUCHKEY0000000000X", secretAccessKey: "wrong" },
      });
      try {
        const store = createS3ObjectStore({ s3, bucket: fixture().bucket, region: s3Stack.region });
        await expect(store.get("k", {})).rejects.toMatchObject({ kind: "auth" });
      } finally {
        s3.destroy();
      }
    });

    it("an invalid bucket name is invalid", async () => {
      const store = createS3ObjectStore({ s3: fixture().s3, bucket: "Not_A_Bucket", region: s3Stack.region });
      await expect(store.createContainer({})).rejects.toMatchObject({ kind: "invalid" });
    });
  });
});
