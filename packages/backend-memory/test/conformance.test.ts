import { randomBytes, randomUUID } from "node:crypto";
import { describeJobStoreConformance } from "@jobstore/conformance";
import { createJobStore } from "@jobstore/core";
import { createMemoryBackend } from "../src/index.js";

describeJobStoreConformance({
  name: "memory",
  setup: () => {
    const name = randomUUID();
    return {
      open: () => createMemoryBackend({ name }),
      teardown: async () => {
        await createJobStore(createMemoryBackend({ name })).destroy();
      },
    };
  },
});

// The same contract with an encryption key: every handle on the store holds the same key. Fewer property
// runs: the model commands are the same, only the storage path differs, and the run stays under 2 minutes.
describeJobStoreConformance({
  name: "memory (encrypted)",
  propertyRuns: 25,
  setup: () => {
    const name = randomUUID();
    const encryptionKey = randomBytes(32);
    return {
      open: () => createMemoryBackend({ name, encryptionKey }),
      teardown: async () => {
        await createJobStore(createMemoryBackend({ name, encryptionKey })).destroy();
      },
    };
  },
});
