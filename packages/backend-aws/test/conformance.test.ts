import { describeJobStoreConformance } from "@jobstore/conformance";
import { createJobStore } from "@jobstore/core";
import { describe } from "vitest";
import { localBackend, stackAvailable, uniquePrefix } from "./local-stack.js";

// Each test gets its own name prefix (bucket + domains), removed again by destroy() in teardown.
describe.skipIf(!stackAvailable)("aws backend on radosgw + simpledb-local", () => {
  describeJobStoreConformance({
    name: "aws",
    propertyRuns: Number(process.env.JOBSTORE_AWS_PROPERTY_RUNS ?? 15),
    testTimeoutMs: 180_000,
    setup: () => {
      const prefix = uniquePrefix();
      return {
        open: () => localBackend(prefix),
        teardown: async () => {
          const store = createJobStore(localBackend(prefix));
          await store.destroy();
          await store.close();
        },
      };
    },
  });
});
