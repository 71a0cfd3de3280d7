import { isObjectStoreError } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { CONNECTION_STRING, freshStore, rawService } from "./azure-fixture.js";

describe.skipIf(!CONNECTION_STRING)("azure object store: reads and writes", () => {
  describe("conditional put", () => {
    it("creates once with ifNoneMatch and reports the second create as lost 'exists'", async () => {
      const store = await freshStore();
      const first = await store.put("k", Buffer.from("one"), { ifNoneMatch: "*" }, {});
      const second = await store.put("k", Buffer.from("two"), { ifNoneMatch: "*" }, {});
      expect(first.written).toBe(true);
      expect(second).toEqual({ written: false, lost: "exists", uncertain: false });
      expect((await store.get("k", {}))?.body.toString()).toBe("one");
    });

    it("replaces only the version named by ifMatch, and reports a stale tag as lost 'changed'", async () => {
      const store = await freshStore();
      const first = await store.put("k", Buffer.from("one"), undefined, {});
      if (!first.written) throw new Error("unconditional put lost");
      const second = await store.put("k", Buffer.from("two"), { ifMatch: first.tag }, {});
      const stale = await store.put("k", Buffer.from("three"), { ifMatch: first.tag }, {});
      expect(second.written).toBe(true);
      expect(stale).toEqual({ written: false, lost: "changed", uncertain: false });
      const read = await store.get("k", {});
      expect(read?.body.toString()).toBe("two");
      expect(second.written && read?.tag).toBe(second.written && second.tag);
    });

    it("reports ifMatch on a missing key as lost 'changed', for a tag and for '*'", async () => {
      const store = await freshStore();
      expect(await store.put("gone", Buffer.from("x"), { ifMatch: "0x8D0000000000000" }, {})).toMatchObject({
        written: false,
        lost: "changed",
      });
      expect(await store.put("gone", Buffer.from("x"), { ifMatch: "*" }, {})).toMatchObject({
        written: false,
        lost: "changed",
      });
      expect(await store.head("gone", {})).toBeUndefined();
    });

    it("lets exactly one of many racing creates win", async () => {
      const store = await freshStore();
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.put("race", Buffer.from(`w${i}`), { ifNoneMatch: "*" }, {}),
        ),
      );
      expect(outcomes.filter((o) => o.written)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.written && o.lost === "exists")).toHaveLength(7);
    });
  });

  describe("reads", () => {
    it("reads a range with the whole object's size and tag", async () => {
      const store = await freshStore();
      const put = await store.put("r", Buffer.from("0123456789"), undefined, {});
      const part = await store.get("r", { range: { start: 2, end: 5 } });
      expect(part?.body.toString()).toBe("2345");
      expect(part?.size).toBe(10);
      expect(put.written && part?.tag).toBe(put.written && put.tag);
      const stream = await store.open("r", { range: { start: 9, end: 9 } });
      const chunks: Buffer[] = [];
      for await (const c of stream?.body ?? []) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe("9");
      expect(stream?.size).toBe(10);
    });

    it("answers undefined for a missing key on get, open and head", async () => {
      const store = await freshStore();
      expect(await store.get("none", {})).toBeUndefined();
      expect(await store.open("none", {})).toBeUndefined();
      expect(await store.head("none", {})).toBeUndefined();
    });

    it("heads the tag, size and time of what was written", async () => {
      const store = await freshStore();
      const put = await store.put("h", Buffer.alloc(1234, 7), undefined, {});
      const info = await store.head("h", {});
      expect(info).toMatchObject({ key: "h", size: 1234, tag: put.written ? put.tag : "" });
      expect(info?.lastModified).toBeInstanceOf(Date);
      expect(info?.tag).not.toMatch(/"/);
    });
  });

  describe("list", () => {
    it("lists committed objects under a prefix in key order, without uncommitted blocks", async () => {
      const store = await freshStore();
      for (const key of ["p/b", "p/a", "p/c/d", "q/x"]) await store.put(key, Buffer.from(key), undefined, {});
      const upload = await store.beginUpload("p/pending", {});
      await store.uploadPart("p/pending", upload, 1, Buffer.from("x"), {});
      const keys: string[] = [];
      for await (const page of store.list("p/", {})) keys.push(...page.map((o) => o.key));
      expect(keys).toEqual(["p/a", "p/b", "p/c/d"]);
    });
  });

  describe("delete", () => {
    it("deletes a missing key as success and honours ifMatch", async () => {
      const store = await freshStore();
      expect(await store.delete("none", {})).toBe(true);
      const put = await store.put("d", Buffer.from("x"), undefined, {});
      await store.put("d", Buffer.from("y"), undefined, {});
      expect(await store.delete("d", { ifMatch: put.written ? put.tag : "" })).toBe(false);
      const now = await store.head("d", {});
      expect(await store.delete("d", { ifMatch: now?.tag ?? "" })).toBe(true);
      expect(await store.head("d", {})).toBeUndefined();
    });

    it("deletes many keys across batches, missing ones included", async () => {
      const store = await freshStore();
      const keys = Array.from({ length: 300 }, (_, i) => `m/${String(i).padStart(3, "0")}`);
      await Promise.all(keys.slice(0, 290).map((k) => store.put(k, Buffer.from(k), undefined, {})));
      await store.deleteMany(keys, {});
      const left: string[] = [];
      for await (const page of store.list("m/", {})) left.push(...page.map((o) => o.key));
      expect(left).toEqual([]);
    });
  });

  describe("containers", () => {
    it("creates idempotently, says whether it created, and destroys an empty container twice", async () => {
      const store = await freshStore();
      expect(await store.createContainer({})).toEqual({ created: false, expiryRuleSet: true });
      await store.destroyContainer({});
      await store.destroyContainer({});
      expect(await rawService().getContainerClient(store.container).exists()).toBe(false);
    });

    it("classifies a read in a container that is gone as 'no-container'", async () => {
      const store = await freshStore();
      await store.destroyContainer({});
      const err = await store.put("k", Buffer.from("x"), undefined, {}).catch((e: unknown) => e);
      expect(isObjectStoreError(err, "no-container")).toBe(true);
      const listed = (async () => {
        for await (const _ of store.list("", {})) return;
      })();
      await expect(listed).rejects.toMatchObject({ kind: "no-container" });
    });
  });
});
