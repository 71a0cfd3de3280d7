import type { ObjectStore, UploadedPart } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useObjectStoreFixture } from "../fixture.js";
import type { ObjectStoreSuiteOptions } from "../options.js";
import { collectPages, digest, keysOf, randomData, testTimeout } from "../support.js";

async function uploadIds(store: ObjectStore, prefix: string): Promise<string[]> {
  return (await collectPages(store.listUploads(prefix, {}))).items.map((u) => u.uploadId);
}

async function oneUpload(
  store: ObjectStore,
  key: string,
  body: Buffer,
): Promise<{ id: string; parts: UploadedPart[] }> {
  const id = await store.beginUpload(key, {});
  return { id, parts: [await store.uploadPart(key, id, 1, body, {})] };
}

/** Registers multipart (block) uploads: complete, invisibility until then, abort, listUploads, conditions. */
export function registerMultipartTests(options: ObjectStoreSuiteOptions): void {
  const timeout = testTimeout(options, 2);

  describe("multipart uploads", () => {
    it(
      "parts uploaded out of order complete into one object holding them in part order",
      async () => {
        const f = await useObjectStoreFixture(options);
        const size = f.capabilities.minPartSize;
        const parts = [randomData(size), randomData(size), randomData(1000)];
        const id = await f.store.beginUpload("mp/object", {});
        const uploaded: UploadedPart[] = [];
        for (const n of [3, 1, 2])
          uploaded.push(await f.store.uploadPart("mp/object", id, n, parts[n - 1] as Buffer, {}));
        uploaded.sort((a, b) => a.partNumber - b.partNumber);
        expect(
          uploaded.map((p) => p.partNumber),
          "receipts name their parts",
        ).toEqual([1, 2, 3]);
        const outcome = await f.store.completeUpload("mp/object", id, uploaded, { ifNoneMatch: "*" }, {});
        expect(outcome.written, "completing a create").toBe(true);
        const got = await (await f.open()).get("mp/object", {});
        const whole = Buffer.concat(parts);
        expect(
          got && { size: got.size, body: digest(got.body), tag: got.tag },
          "the completed object",
        ).toEqual({
          size: whole.length,
          body: digest(whole),
          tag: outcome.written ? outcome.tag : "",
        });
        expect(await uploadIds(f.store, "mp/"), "uploads left after completing").not.toContain(id);
      },
      timeout,
    );

    it(
      "an incomplete upload is listed by listUploads and its key stays invisible to get, head and list",
      async () => {
        const f = await useObjectStoreFixture(options);
        const { id } = await oneUpload(f.store, "mp/pending", randomData(100));
        const reader = await f.open();
        const uploads = (await collectPages(reader.listUploads("mp/", {}))).items;
        expect(
          uploads.map((u) => ({ key: u.key, uploadId: u.uploadId })),
          "listUploads",
        ).toContainEqual({
          key: "mp/pending",
          uploadId: id,
        });
        expect(await uploadIds(reader, "other/"), "listUploads of another prefix").not.toContain(id);
        expect(await reader.get("mp/pending", {}), "get before completion").toBeUndefined();
        expect(await reader.head("mp/pending", {}), "head before completion").toBeUndefined();
        expect(keysOf((await collectPages(reader.list("mp/", {}))).items), "list before completion").toEqual(
          [],
        );
      },
      timeout,
    );

    it(
      "abortUpload removes the upload from listUploads, leaves no object, and succeeds again",
      async () => {
        const f = await useObjectStoreFixture(options);
        const { id } = await oneUpload(f.store, "mp/aborted", randomData(100));
        await f.store.abortUpload("mp/aborted", id, {});
        const reader = await f.open();
        expect(await uploadIds(reader, "mp/"), "uploads listed after abortUpload").not.toContain(id);
        expect(await reader.head("mp/aborted", {}), "the key after abortUpload").toBeUndefined();
        await f.store.abortUpload("mp/aborted", id, {});
      },
      timeout,
    );

    it(
      'completeUpload honours its condition: "exists" onto an existing key, written with the current tag',
      async ({ skip }) => {
        const f = await useObjectStoreFixture(options);
        if (!f.capabilities.conditionalComplete) skip("capabilities.conditionalComplete is false");
        const original = randomData(30);
        const put = await f.store.put("mp/k", original, undefined, {});
        const losing = await oneUpload(f.store, "mp/k", randomData(40));
        const lost = await f.store.completeUpload("mp/k", losing.id, losing.parts, { ifNoneMatch: "*" }, {});
        expect(lost, "completing a create over an existing key").toMatchObject({
          written: false,
          lost: "exists",
        });
        await f.store.abortUpload("mp/k", losing.id, {});
        const kept = await f.store.get("mp/k", {});
        expect(kept && digest(kept.body), "the object after the lost complete").toBe(digest(original));
        const replacement = randomData(50);
        const winning = await oneUpload(f.store, "mp/k", replacement);
        const tag = put.written ? put.tag : "";
        const won = await f.store.completeUpload("mp/k", winning.id, winning.parts, { ifMatch: tag }, {});
        expect(won.written, "completing a replace conditioned on the current tag").toBe(true);
        const got = await f.store.get("mp/k", {});
        expect(got && digest(got.body), "the replaced object").toBe(digest(replacement));
      },
      timeout,
    );
  });
}
