import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Only for the child run started by test/object-store/self.test.ts: the suite against broken adapters.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../../..", import.meta.url)),
    include: ["test/object-store/broken-run/broken.test.ts"],
    pool: "forks",
    maxWorkers: 1,
  },
});
