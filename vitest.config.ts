import { defineConfig } from "vitest/config";

// One project per package; each package may add a vitest.config.ts of its own for overrides.
export default defineConfig({
  test: {
    projects: ["packages/*"],
  },
});
