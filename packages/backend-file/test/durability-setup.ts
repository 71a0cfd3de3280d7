import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DurabilityOptions } from "@jobstore/conformance";

// Workers are real processes that import this package (which registers file:) and open the store.
const workerModule = fileURLToPath(new URL("../src/index.ts", import.meta.url));

async function listTree(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return [];
  const found = [path];
  for (const e of entries) {
    found.push(...(e.isDirectory() ? await listTree(join(path, e.name)) : [join(path, e.name)]));
  }
  return found;
}

/**
 * The durability suite's options for `file:`, with each store in the test's temp directory, or under
 * `root` when given (another file system). Leftovers are reported at any age: every worker is dead when
 * the suite looks for them.
 */
export function fileDurability(name: string, root?: string): DurabilityOptions {
  return {
    name,
    workerModule,
    openOptions: { leftoverAgeMs: 0 },
    locator: ({ tempDir, tag }) =>
      `file:${root === undefined ? join(tempDir, "store") : join(root, `durability-${tag}`, "store")}`,
    residue: (locator) => listTree(locator.slice("file:".length)),
    // The suite removes its temp directory; a directory of ours on another file system goes here.
    ...(root === undefined
      ? {}
      : {
          teardown: (locator: string) =>
            rm(join(locator.slice("file:".length), ".."), { recursive: true, force: true }),
        }),
  };
}
