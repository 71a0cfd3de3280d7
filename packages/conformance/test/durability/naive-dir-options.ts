import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DurabilityOptions } from "../../src/index.js";
import type { NaiveMutant } from "./naive-dir-backend.js";

const backendModule = fileURLToPath(new URL("./naive-dir-backend.ts", import.meta.url));

async function listTree(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => undefined);
  if (!entries) return [];
  const found: string[] = [path];
  for (const e of entries) {
    if (e.isDirectory()) found.push(...(await listTree(join(path, e.name))));
    else found.push(join(path, e.name));
  }
  return found;
}

/** Durability options for the naive directory backend with one mutation (or none: `"correct"`). */
export function naiveDirOptions(
  mutant: NaiveMutant,
  overrides: Partial<DurabilityOptions> = {},
): DurabilityOptions {
  return {
    name: `naivedir ${mutant}`,
    workerModule: backendModule,
    locator: ({ tempDir }) => `naivedir:${mutant}:${join(tempDir, "store")}`,
    residue: (locator) => listTree(locator.slice(`naivedir:${mutant}:`.length)),
    ...overrides,
  };
}
