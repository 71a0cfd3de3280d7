import { describeJobStoreConformance } from "@jobstore/conformance";
import { createJobStore } from "@jobstore/core";
import { describe, it } from "vitest";
import { CONNECTION_STRING, SKIP_REASON } from "./azure-fixture.js";
import { localAzureBackend, TEST_KEY, uniqueStoreName } from "./backend-fixture.js";

// The whole contract on azure: (Azurite), in the clear and with client-side encryption. Each test gets its
// own store (container), removed again by destroy().
for (const encrypted of [false, true]) {
  const overrides = encrypted ? { encryptionKey: TEST_KEY } : {};
  const title = `azure: backend on Azurite${encrypted ? ", encrypted" : ""}`;
  if (!CONNECTION_STRING) {
    describe(title, () => it.skip(SKIP_REASON, () => {}));
    continue;
  }
  describe(title, () => {
    describeJobStoreConformance({
      name: encrypted ? "azure encrypted" : "azure",
      propertyRuns: Number(process.env.JOBSTORE_AZURE_PROPERTY_RUNS ?? 15),
      testTimeoutMs: 180_000,
      setup: () => {
        const name = uniqueStoreName();
        return {
          open: () => localAzureBackend(name, overrides),
          teardown: async () => {
            const store = createJobStore(localAzureBackend(name, overrides));
            await store.destroy();
            await store.close();
          },
        };
      },
    });
  });
}
