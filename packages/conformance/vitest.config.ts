import { configDefaults, defineConfig } from "vitest/config";

// The mutant run is started by test/self.test.ts in a child process; it fails on purpose.
export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, "test/mutant-run/**"],
  },
});
