#!/usr/bin/env node
// Runs the built CLI (dist/cli.js) in-process, so signals reach it directly. In the workspace before
// `tsc -b` has built the package, it runs the TypeScript source through tsx (a dev dependency) instead.
import { existsSync } from "node:fs";

const built = new URL("../dist/cli.js", import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli.ts");
}
