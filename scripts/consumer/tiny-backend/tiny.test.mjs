import { randomUUID } from "node:crypto";
import { describeJobStoreConformance } from "@jobstore/conformance";
import { createJobStore, openJobStore } from "@jobstore/core";
import { expect, it } from "vitest";
import { createTinyBackend } from "./tiny-backend.mjs";

it("opens the third-party scheme by locator once registered", async () => {
  const store = await openJobStore("tiny:locator-check");
  expect(store.backendName).toBe("tiny");
  await store.close();
});

describeJobStoreConformance({
  name: "tiny (third-party)",
  propertyRuns: 5,
  setup: () => {
    const name = randomUUID();
    return {
      open: () => createTinyBackend(name),
      teardown: async () => {
        await createJobStore(createTinyBackend(name)).destroy();
      },
    };
  },
});
