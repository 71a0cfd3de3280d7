import { randomUUID } from "node:crypto";
import { createJobStore } from "@jobstore/core";
import { describeJobStoreConformance } from "@jobstore/conformance";
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
