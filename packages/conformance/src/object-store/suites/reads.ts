import type { ByteRange } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useObjectStoreFixture } from "../fixture.js";
import type { ObjectStoreSuiteOptions } from "../options.js";
import { digest, randomData, readStream, testTimeout } from "../support.js";

/** Registers read-after-write, ranged reads at the edges, empty objects and absence as a value. */
export function registerReadTests(options: ObjectStoreSuiteOptions): void {
  const timeout = testTimeout(options);

  describe("reads and writes", () => {
    it(
      "an object put by one adapter reads back whole through get, open and head on another",
      async () => {
        const f = await useObjectStoreFixture(options);
        const key = "dir/sub dir/ünïcode+key=1&x";
        const data = randomData(64 * 1024 + 3);
        const put = await f.store.put(key, data, undefined, {});
        expect(put.written, "an unconditional put is written").toBe(true);
        const tag = put.written ? put.tag : "";
        const reader = await f.open();
        const got = await reader.get(key, {});
        expect(got && { tag: got.tag, size: got.size, body: digest(got.body) }, "get").toEqual({
          tag,
          size: data.length,
          body: digest(data),
        });
        const opened = await reader.open(key, {});
        const streamed = opened ? await readStream(opened.body) : undefined;
        expect(
          opened && streamed && { tag: opened.tag, size: opened.size, body: digest(streamed) },
          "open",
        ).toEqual({ tag, size: data.length, body: digest(data) });
        const head = await reader.head(key, {});
        expect(head && { key: head.key, tag: head.tag, size: head.size }, "head").toEqual({
          key,
          tag,
          size: data.length,
        });
      },
      timeout,
    );

    it(
      "a replaced object reads back with its new bytes and a new tag",
      async () => {
        const f = await useObjectStoreFixture(options);
        const first = await f.store.put("k", randomData(100), undefined, {});
        const data = randomData(200);
        const second = await f.store.put("k", data, undefined, {});
        expect(first.written && second.written, "both unconditional puts are written").toBe(true);
        if (!first.written || !second.written) return;
        expect(second.tag, "the tag changes with every write").not.toBe(first.tag);
        const got = await (await f.open()).get("k", {});
        expect(got && { tag: got.tag, body: digest(got.body) }).toEqual({
          tag: second.tag,
          body: digest(data),
        });
      },
      timeout,
    );

    it(
      "ranged reads give the first byte, the last byte, one byte, a middle span and the whole object, with the whole size",
      async () => {
        const f = await useObjectStoreFixture(options);
        const data = randomData(1000);
        await f.store.put("ranged", data, undefined, {});
        const ranges: ByteRange[] = [
          { start: 0, end: 0 },
          { start: 999, end: 999 },
          { start: 500, end: 500 },
          { start: 10, end: 19 },
          { start: 0, end: 999 },
        ];
        for (const range of ranges) {
          const what = `bytes ${range.start}-${range.end}`;
          const expected = { size: 1000, body: data.subarray(range.start, range.end + 1).toString("hex") };
          const got = await f.store.get("ranged", { range });
          expect(got && { size: got.size, body: got.body.toString("hex") }, `get of ${what}`).toEqual(
            expected,
          );
          const opened = await f.store.open("ranged", { range });
          const body = opened ? (await readStream(opened.body)).toString("hex") : undefined;
          expect(opened && { size: opened.size, body }, `open of ${what}`).toEqual(expected);
        }
      },
      timeout,
    );

    it(
      "an empty object reads back empty through get, open, head and list",
      async () => {
        const f = await useObjectStoreFixture(options);
        const put = await f.store.put("empty", Buffer.alloc(0), { ifNoneMatch: "*" }, {});
        expect(put.written, "creating an empty object").toBe(true);
        const got = await f.store.get("empty", {});
        expect(got && { size: got.size, length: got.body.length }, "get").toEqual({ size: 0, length: 0 });
        const opened = await f.store.open("empty", {});
        expect(opened && (await readStream(opened.body)).length, "open").toBe(0);
        expect((await f.store.head("empty", {}))?.size, "head").toBe(0);
        const listed: number[] = [];
        for await (const page of f.store.list("empty", {})) listed.push(...page.map((o) => o.size));
        expect(listed, "list").toEqual([0]);
      },
      timeout,
    );

    it(
      "get, open and head of a missing key resolve undefined",
      async () => {
        const f = await useObjectStoreFixture(options);
        await f.store.put("present", randomData(10), undefined, {});
        expect(await f.store.get("absent", {}), "get").toBeUndefined();
        expect(await f.store.get("absent", { range: { start: 0, end: 0 } }), "ranged get").toBeUndefined();
        expect(await f.store.open("absent", {}), "open").toBeUndefined();
        expect(await f.store.head("absent", {}), "head").toBeUndefined();
      },
      timeout,
    );
  });
}
