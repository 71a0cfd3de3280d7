import type { ObjectStore } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useObjectStoreFixture } from "../fixture.js";
import type { ObjectStoreSuiteOptions } from "../options.js";
import { collectPages, keysOf, randomData, testTimeout } from "../support.js";

/** Most objects the pagination check writes: a `listPageSize` beyond it cannot be shown to page. */
const MAX_PAGINATION_OBJECTS = 5001;
/** Puts in flight at once when the suite fills a listing. */
const FILL_CONCURRENCY = 16;

async function putAll(store: ObjectStore, keys: readonly string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < keys.length; i = next++) {
      await store.put(keys[i] as string, Buffer.from(keys[i] as string), undefined, {});
    }
  };
  await Promise.all(Array.from({ length: FILL_CONCURRENCY }, worker));
}

/** Registers list-after-write, list-after-delete, pagination and deleteMany. */
export function registerListingTests(options: ObjectStoreSuiteOptions): void {
  const timeout = testTimeout(options);

  describe("listing and deleting", () => {
    it(
      "a listing right after writes shows every new key under the prefix, in key order, with tag and size",
      async () => {
        const f = await useObjectStoreFixture(options);
        const written = new Map<string, { tag: string; size: number }>();
        for (const [key, size] of [
          ["list/b", 20],
          ["list/a", 10],
          ["list/c/deeper", 0],
        ] as const) {
          const put = await f.store.put(key, randomData(size), undefined, {});
          if (put.written) written.set(key, { tag: put.tag, size });
        }
        await f.store.put("listing-outside", randomData(5), undefined, {});
        const { items } = await collectPages((await f.open()).list("list/", {}));
        expect(keysOf(items), "keys listed right after their writes").toEqual([
          "list/a",
          "list/b",
          "list/c/deeper",
        ]);
        for (const item of items) {
          expect({ tag: item.tag, size: item.size }, `listed ${item.key}`).toEqual(written.get(item.key));
          expect(item.lastModified, `listed ${item.key}: lastModified`).toBeInstanceOf(Date);
        }
      },
      timeout,
    );

    it(
      "a listing right after a delete no longer shows the deleted key",
      async () => {
        const f = await useObjectStoreFixture(options);
        await putAll(f.store, ["gone/a", "gone/b", "gone/c"]);
        await f.store.delete("gone/b", {});
        const { items } = await collectPages((await f.open()).list("gone/", {}));
        expect(keysOf(items), "keys listed after deleting gone/b").toEqual(["gone/a", "gone/c"]);
      },
      timeout,
    );

    it(
      "list walks more than one page, each of at most listPageSize objects, in key order",
      async ({ skip }) => {
        const f = await useObjectStoreFixture(options);
        const pageSize = f.capabilities.listPageSize;
        if (pageSize + 1 > MAX_PAGINATION_OBJECTS) {
          skip(
            `capabilities.listPageSize is ${pageSize}: more than ${MAX_PAGINATION_OBJECTS} objects to fill two pages`,
          );
        }
        const keys = Array.from({ length: pageSize + 1 }, (_, i) => `page/${String(i).padStart(6, "0")}`);
        await putAll(f.store, [...keys, "pagf", "page"]);
        const { items, pageSizes } = await collectPages(f.store.list("page/", {}));
        expect(pageSizes.length, `pages of a listing of ${keys.length} objects`).toBeGreaterThanOrEqual(2);
        expect(Math.max(...pageSizes), "the largest page").toBeLessThanOrEqual(pageSize);
        expect(keysOf(items), "every key once, in key order, nothing outside the prefix").toEqual(keys);
      },
      testTimeout(options, 4),
    );

    it(
      "deleteMany removes the present keys across more than one batch and accepts missing ones",
      async () => {
        const f = await useObjectStoreFixture(options);
        const batch = f.capabilities.deleteBatchSize;
        const keys = Array.from({ length: batch + 2 }, (_, i) => `many/${String(i).padStart(6, "0")}`);
        // Present: each batch's first and last key; everything else is missing, which must be fine.
        const present = [...new Set([0, batch - 1, batch, batch + 1].map((i) => keys[i] as string))];
        await putAll(f.store, [...present, "keep"]);
        await f.store.deleteMany(keys, {});
        const { items } = await collectPages((await f.open()).list("", {}));
        expect(keysOf(items), "what is left after deleteMany").toEqual(["keep"]);
        await f.store.deleteMany([], {});
      },
      testTimeout(options, 2),
    );
  });
}
