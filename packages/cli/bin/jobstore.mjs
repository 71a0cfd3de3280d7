#!/usr/bin/env node
// Installed, the packages resolve to built JavaScript: run dist/. In the workspace they export their
// TypeScript source: run src/ through tsx.
const workspace = import.meta.resolve("@jobstore/core").endsWith(".ts");
if (workspace) {
  const { register } = await import("tsx/esm/api");
  register();
}
const entry = new URL(workspace ? "../src/run.ts" : "../dist/run.js", import.meta.url);
const { runCli } = await import(entry.href);
await runCli();
