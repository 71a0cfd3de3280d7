import { isObjectStoreError, type ObjectStore } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { CONNECTION_STRING, freshStore, rawService } from "./azure-fixture.js";

async function uploads(store: ObjectStore, prefix = "") {
  const found: { key: string; uploadId: string }[] = [];
  for await (const page of store.listUploads(prefix, {}))
    found.push(...page.map(({ key, uploadId }) => ({ key, uploadId })));
  return found;
}

async function blockList(store: ObjectStore, key: string) {
  const blob = rawService().getContainerClient(store.container).getBlockBlobClient(key);
  return blob.getBlockList("all").catch((err: { statusCode?: number }) => {
    if (err.statusCode === 404) return undefined;
    throw err;
  });
}

describe.skipIf(!CONNECTION_STRING)("azure object store: block uploads", () => {
  it("commits parts uploaded out of order in part-number order", async () => {
    const store = await freshStore();
    const id = await store.beginUpload("big", {});
    const parts = await Promise.all(
      [3, 1, 2].map((n) => store.uploadPart("big", id, n, Buffer.from(`part${n};`), {})),
    );
    const done = await store.completeUpload("big", id, parts, { ifNoneMatch: "*" }, {});
    expect(done.written).toBe(true);
    expect((await store.get("big", {}))?.body.toString()).toBe("part1;part2;part3;");
    expect(await uploads(store)).toEqual([]);
  });

  it("refuses a completion whose condition is lost, as a value, and keeps the winner's blob", async () => {
    const store = await freshStore();
    const id = await store.beginUpload("k", {});
    const part = await store.uploadPart("k", id, 1, Buffer.from("mine"), {});
    await store.put("k", Buffer.from("theirs"), undefined, {});
    const done = await store.completeUpload("k", id, [part], { ifNoneMatch: "*" }, {});
    expect(done).toEqual({ written: false, lost: "exists", uncertain: false });
    const replaced = await store.completeUpload("k", id, [part], { ifMatch: "0x8D0000000000000" }, {});
    expect(replaced).toMatchObject({ written: false, lost: "changed" });
    expect((await store.get("k", {}))?.body.toString()).toBe("theirs");
  });

  it("lists an upload that was begun and not completed, under its prefix only", async () => {
    const store = await freshStore();
    await store.put("a/committed-empty", Buffer.alloc(0), undefined, {});
    const id = await store.beginUpload("a/left", {});
    await store.uploadPart("a/left", id, 1, Buffer.from("x"), {});
    const other = await store.beginUpload("b/left", {});
    await store.uploadPart("b/left", other, 1, Buffer.from("y"), {});
    expect(await uploads(store, "a/")).toEqual([{ key: "a/left", uploadId: id }]);
    const listed = (await (async () => {
      for await (const page of store.listUploads("a/", {})) return page[0];
    })()) as { initiated?: Date };
    expect(listed.initiated).toBeInstanceOf(Date);
  });

  it("aborts an upload by dropping its uncommitted blocks, leaving no blob behind", async () => {
    const store = await freshStore();
    const id = await store.beginUpload("k", {});
    await store.uploadPart("k", id, 1, Buffer.from("x"), {});
    await store.uploadPart("k", id, 2, Buffer.from("y"), {});
    // Two parts and the upload's marker block.
    expect((await blockList(store, "k"))?.uncommittedBlocks).toHaveLength(3);
    await store.abortUpload("k", id, {});
    expect(await blockList(store, "k")).toBeUndefined();
    expect(await store.head("k", {})).toBeUndefined();
    expect(await uploads(store)).toEqual([]);
  });

  it("treats aborting an unknown or completed upload as success and never deletes a committed blob", async () => {
    const store = await freshStore();
    await store.abortUpload("never", "0123456789abcdef", {});
    expect(await store.head("never", {})).toBeUndefined();
    const id = await store.beginUpload("k", {});
    const part = await store.uploadPart("k", id, 1, Buffer.from("done"), {});
    await store.completeUpload("k", id, [part], undefined, {});
    await store.abortUpload("k", id, {});
    expect((await store.get("k", {}))?.body.toString()).toBe("done");
  });

  it("leaves a blob that someone else committed over a pending upload intact when aborting it", async () => {
    const store = await freshStore();
    const id = await store.beginUpload("k", {});
    await store.uploadPart("k", id, 1, Buffer.from("mine"), {});
    // Another writer's Put Blob lands while our blocks are still staged.
    const raw = rawService().getContainerClient(store.container).getBlockBlobClient("k");
    await raw.upload("theirs", 6);
    await store.abortUpload("k", id, {});
    expect((await store.get("k", {}))?.body.toString()).toBe("theirs");
  });

  it("refuses a part that is not of the upload, before any I/O", async () => {
    const store = await freshStore();
    const id = await store.beginUpload("k", {});
    const err = await store
      .completeUpload("k", id, [{ partNumber: 1, tag: "bm90LW91cnM=" }], undefined, {})
      .catch((e: unknown) => e);
    expect(isObjectStoreError(err, "invalid")).toBe(true);
    await expect(store.uploadPart("k", "not-an-id", 1, Buffer.from("x"), {})).rejects.toMatchObject({
      kind: "invalid",
    });
  });
});
