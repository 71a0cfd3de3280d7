import { configDefaults, defineConfig } from "vitest/config";

// The mutant run (started by test/self.test.ts) and the broken-adapter run (started by
// test/object-store/broken-adapters.test.ts) and the broken-layer run (test/metadata-layer/broken-layers.test.ts)
// run in child processes; they fail on purpose.
export default defineConfig({
  test: {
    exclude: [
      ...configDefaults.exclude,
      "test/mutant-run/**",
      "test/object-store/broken-run/**",
      "test/metadata-layer/broken-run/**",
    ],
  },
});
