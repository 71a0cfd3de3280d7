/**
 * One round of the peer phases on one jobstore store, in a process of its own (as Toil's round is):
 * `tsx run-store.ts <locator> --jobs N --dir DIR --json OUT [--sync] [--inline-limit N]`. The locator's
 * `{dir}` is replaced by a fresh directory under DIR.
 */

import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openJobStore } from "@jobstore/core";
import { FILE_SIZES, runPhases } from "./phases.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    jobs: { type: "string", default: "2000" },
    dir: { type: "string" },
    json: { type: "string" },
    sync: { type: "boolean", default: false },
    "inline-limit": { type: "string" },
    "skip-16mib": { type: "boolean", default: false },
  },
});
const locatorTemplate = positionals[0];
if (!locatorTemplate || !values.dir || !values.json) {
  throw new Error(
    "usage: run-store.ts <locator> --dir DIR --json OUT [--jobs N] [--sync] [--inline-limit N] [--skip-16mib]",
  );
}
try {
  await runRound(locatorTemplate, values.dir, values.json);
} catch (err) {
  // One line for the parent to show: the error's code and message, not a stack.
  const code = (err as { code?: unknown }).code;
  process.stderr.write(`\n${code ? `${String(code)}: ` : ""}${(err as Error).message ?? String(err)}\n`);
  process.exit(2);
}

async function runRound(template: string, dir: string, json: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const otherFs = await mkdtemp(join(existsSync("/dev/shm") ? "/dev/shm" : dir, "jsbench-"));
  const locator = template.replace("{dir}", join(dir, "store"));
  try {
    const options = {
      ...(values.sync ? { sync: true } : {}),
      ...(values["inline-limit"] ? { inlineLimit: Number(values["inline-limit"]) } : {}),
    };
    const store = await openJobStore(locator, options);
    const t0 = performance.now();
    await store.initialize();
    const initialize = (performance.now() - t0) / 1000;
    const sizes = values["skip-16mib"] ? FILE_SIZES.slice(0, 1) : FILE_SIZES;
    try {
      const results = await runPhases(store, { sameFs: dir, otherFs }, Number(values.jobs), sizes);
      await writeFile(json, JSON.stringify({ locator, initialize, results }, null, 1));
    } finally {
      await store.destroy();
    }
  } finally {
    await rm(otherFs, { recursive: true, force: true });
  }
}
