import { defineProject } from "vitest/config";

// Tests against Azurite do real network I/O on a 2-core machine: allow for it. Emptying a container of
// 5000 blobs (the contract's pagination check) takes minutes when the machine is loaded.
export default defineProject({
  test: {
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
