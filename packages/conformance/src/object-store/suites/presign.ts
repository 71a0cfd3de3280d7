import { describe, expect, it } from "vitest";
import { useObjectStoreFixture } from "../fixture.js";
import type { ObjectStoreSuiteOptions } from "../options.js";
import { digest, randomData, testTimeout } from "../support.js";

/** Registers presigned reads: a plain `fetch` of the URL returns the bytes, at any allowed lifetime. */
export function registerPresignTests(options: ObjectStoreSuiteOptions): void {
  const timeout = testTimeout(options);

  describe("presigned reads", () => {
    it(
      "presignRead gives a URL a plain fetch reads the object's bytes from, for 60 s and the longest lifetime",
      async () => {
        const f = await useObjectStoreFixture(options);
        const data = randomData(64 * 1024 + 1);
        await f.store.put("shared/object", data, undefined, {});
        const max = f.capabilities.maxPresignSeconds;
        for (const seconds of [60, max, max * 10]) {
          const url = await f.store.presignRead("shared/object", seconds);
          const response = await fetch(url);
          expect(response.status, `GET of a URL presigned for ${seconds} s`).toBe(200);
          expect(
            digest(Buffer.from(await response.arrayBuffer())),
            `bytes of a URL presigned for ${seconds} s`,
          ).toBe(digest(data));
        }
      },
      timeout,
    );
  });
}
