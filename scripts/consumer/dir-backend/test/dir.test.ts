// The third-party adapter's own test run, from the packed packages: the ObjectStore contract on the
// adapter (racer processes import its compiled module: plain Node, no tsx), then the job store
// conformance suite on the generic backend over it, and its scheme through openJobStore.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeJobStoreConformance, describeObjectStore } from "@jobstore/conformance";
import { createJobStore, openJobStore } from "@jobstore/core";
import { afterAll, expect, it } from "vitest";
import { createDirBackend } from "../dist/dir-backend.js";

const root = mkdtempSync(join(tmpdir(), "jobstore-dir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeObjectStore({
  name: "dir (third-party)",
  factory: {
    module: fileURLToPath(new URL("../dist/fs-object-store.js", import.meta.url)),
    export: "createFsObjectStore",
    config: { root },
  },
  racers: 3,
  rounds: 2,
});

describeJobStoreConformance({
  name: "dir (third-party)",
  propertyRuns: 5,
  setup: () => {
    const path = join(root, randomUUID());
    return {
      open: () => createDirBackend(path),
      teardown: async () => {
        await createJobStore(createDirBackend(path)).destroy();
      },
    };
  },
});

it("opens the dir: scheme by locator once registered", async () => {
  const store = await openJobStore(`dir:${join(root, "by-locator")}`);
  await store.initialize();
  expect(store.backendName).toBe("dir");
  await store.destroy();
});
