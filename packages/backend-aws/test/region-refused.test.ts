import { isJobStoreError, openJobStore } from "@jobstore/core";
import { afterEach, describe, expect, it } from "vitest";
import { stackAvailable, uniquePrefix } from "./local-stack.js";

/** A region no server serves: radosgw answers CreateBucket in it with 400 InvalidLocationConstraint. */
const NOWHERE = "xx-nowhere-1";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

describe.skipIf(!stackAvailable)("a region the server refuses", () => {
  it.each(["s3", "aws"])(
    "%s: initialize in it rejects with JOBSTORE_INVALID_LOCATOR naming the region, not retryable",
    async (scheme) => {
      const store = await openJobStore(`${scheme}:${NOWHERE}:${uniquePrefix("r")}`);
      cleanups.push(async () => {
        await store.destroy().catch(() => undefined);
        await store.close();
      });
      const error = await store.initialize().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(isJobStoreError(error) && error.code, String(error)).toBe("JOBSTORE_INVALID_LOCATOR");
      expect((error as Error).message).toContain(NOWHERE);
      expect((error as { retryable?: boolean }).retryable).toBe(false);
    },
  );
});
