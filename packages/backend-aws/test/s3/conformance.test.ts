import { describeJobStoreConformance } from "@jobstore/conformance";
import { createJobStore } from "@jobstore/core";
import { describe } from "vitest";
import { localS3Backend, TEST_KEY, uniqueStoreName } from "./s3-backend-fixture.js";
import { s3Available } from "./s3-fixture.js";

// The whole contract on s3: (radosgw: metadata as conditional PutObjects, no SimpleDB), in the clear and
// with client-side encryption. Each test gets its own store (bucket), removed again by destroy().
for (const encrypted of [false, true]) {
  const overrides = encrypted ? { encryptionKey: TEST_KEY } : {};
  describe.skipIf(!s3Available)(`s3: backend on radosgw${encrypted ? ", encrypted" : ""}`, () => {
    describeJobStoreConformance({
      name: encrypted ? "s3 encrypted" : "s3",
      propertyRuns: Number(process.env.JOBSTORE_AWS_PROPERTY_RUNS ?? 15),
      testTimeoutMs: 180_000,
      setup: () => {
        const name = uniqueStoreName();
        return {
          open: () => localS3Backend(name, overrides),
          teardown: async () => {
            const store = createJobStore(localS3Backend(name, overrides));
            await store.destroy();
            await store.close();
          },
        };
      },
    });
  });
}
