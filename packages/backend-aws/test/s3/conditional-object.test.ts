import { describe, expect, it } from "vitest";
import { createObjectStore, type IfMatchStyle } from "../../src/metadata/s3/conditional-object.js";
import { s3Available, useBucket } from "./s3-fixture.js";

// radosgw (the local stack) wants the ETag in If-Match without quotes.
const style = (): IfMatchStyle => "unquoted";

describe.skipIf(!s3Available)("S3 object primitives on the local S3 server", () => {
  const fixture = useBucket();
  const objects = () => createObjectStore(fixture().s3, fixture().bucket, style);

  it("a create with If-None-Match succeeds once, then reports 412 without overwriting", async () => {
    const store = objects();
    const first = await store.put("k", Buffer.from("one"), { ifNoneMatch: "*" }, {});
    expect(first.written).toBe(true);
    const second = await store.put("k", Buffer.from("two"), { ifNoneMatch: "*" }, {});
    expect(second).toEqual({ written: false, status: 412, uncertain: false });
    expect((await store.get("k", {}))?.body.toString()).toBe("one");
  });

  it("an If-Match write succeeds on the ETag read and fails on a stale one", async () => {
    const store = objects();
    const created = await store.put("k", Buffer.from("one"), { ifNoneMatch: "*" }, {});
    if (!created.written) throw new Error("create failed");
    const read = await store.get("k", {});
    expect(read?.etag).toBe(created.etag);
    const updated = await store.put("k", Buffer.from("two"), { ifMatch: created.etag }, {});
    expect(updated.written).toBe(true);
    const stale = await store.put("k", Buffer.from("three"), { ifMatch: created.etag }, {});
    expect(stale).toMatchObject({ written: false, status: 412 });
    expect((await store.get("k", {}))?.body.toString()).toBe("two");
  });

  it("If-Match on a missing key fails (412 on radosgw, where AWS says 404)", async () => {
    const out = await objects().put("missing", Buffer.from("x"), { ifMatch: "*" }, {});
    expect(out.written).toBe(false);
    expect(await objects().head("missing", {})).toBeUndefined();
  });

  it("get and head of a missing key are undefined; remove of one is fine", async () => {
    const store = objects();
    expect(await store.get("nope", {})).toBeUndefined();
    expect(await store.head("nope", {})).toBeUndefined();
    await store.remove("nope", {});
  });

  it("list pages through more than one page in key order, and removeMany deletes them all", async () => {
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
    await store.removeMany([...keys, "p/never-there"], {});
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
