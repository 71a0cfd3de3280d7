import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Only for the child run started by test/self.test.ts: the suite against every mutant backend.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/mutant-run/mutant.test.ts"],
    pool: "forks",
    maxWorkers: 1,
  },
});
