import { defineProject } from "vitest/config";

// Some tests spawn the real binary (tsx compiles the workspace sources at start-up: 1-3 s on 2 cores)
// or drive it in tmux; allow for that.
export default defineProject({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
