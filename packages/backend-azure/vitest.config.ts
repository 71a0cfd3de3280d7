import { defineProject } from "vitest/config";

// Tests against the local AWS stack do real network I/O on a 2-core machine: allow for it.
export default defineProject({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
