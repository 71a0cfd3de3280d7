import { defineProject } from "vitest/config";

// The local-server tests start simpledb-local (a JVM) on a 2-core machine: allow for it.
export default defineProject({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
