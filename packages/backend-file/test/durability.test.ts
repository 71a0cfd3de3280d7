import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describeJobStoreDurability } from "@jobstore/conformance";

// The durability suite on file: workers are real processes that import this package (which registers
// file:) and open the store in the test's temp directory. Leftovers are reported at any age here: every
// worker is dead when the suite looks for them. JOBSTORE_DURABILITY_SCALE multiplies the counts.
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

describeJobStoreDurability({
  name: "file",
  workerModule,
  openOptions: { leftoverAgeMs: 0 },
  locator: ({ tempDir }) => `file:${join(tempDir, "store")}`,
  residue: (locator) => listTree(locator.slice("file:".length)),
});
