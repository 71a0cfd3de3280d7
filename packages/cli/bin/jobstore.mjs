#!/usr/bin/env node
// Installed: run the built JavaScript. In the workspace (no dist/): run the TypeScript source through tsx.
import { existsSync } from "node:fs";

const built = new URL("../dist/run.js", import.meta.url);
if (existsSync(built)) {
  const { runCli } = await import(built.href);
  await runCli();
} else {
  const { register } = await import("tsx/esm/api");
  register();
  const { runCli } = await import(new URL("../src/run.ts", import.meta.url).href);
  await runCli();
}
