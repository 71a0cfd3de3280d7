import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Only for the child run started by test/metadata-layer/broken-layers.test.ts: the suite against broken layers.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../../..", import.meta.url)),
    include: ["test/metadata-layer/broken-run/broken.test.ts"],
    pool: "forks",
    maxWorkers: 1,
  },
});
