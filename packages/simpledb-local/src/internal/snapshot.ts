import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Store } from "./store.js";

/**
 * On-disk shape of a snapshot: domain → item → attribute → values.
 *
 * @example
 * ```ts
 * const file: SnapshotFile = { format: "simpledb-local/1", savedAt: "2026-01-01T00:00:00Z", domains: { jobs: {} } };
 * ```
 * @internal
 */
export interface SnapshotFile {
  format: "simpledb-local/1";
  savedAt: string;
  domains: Record<string, Record<string, Record<string, string[]>>>;
}

/**
 * Loads a snapshot into an empty store; a missing file is not an error (first start).
 *
 * @throws Error when the file exists but is not a snapshot, so a typo never wipes data silently
 * @example
 * ```ts
 * await loadSnapshot("./sdb.json", store);
 * ```
 * @internal
 */
export async function loadSnapshot(file: string, store: Store): Promise<void> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const data = JSON.parse(text) as Partial<SnapshotFile>;
  if (data.format !== "simpledb-local/1" || typeof data.domains !== "object" || data.domains === null) {
    throw new Error(`${file} is not a simpledb-local snapshot`);
  }
  for (const [domainName, items] of Object.entries(data.domains)) {
    const domain = store.createDomain(domainName);
    for (const [itemName, attrs] of Object.entries(items)) {
      const map = new Map<string, string[]>();
      for (const [name, values] of Object.entries(attrs))
        if (values.length > 0) map.set(name, [...new Set(values)]);
      // Time 0: loaded data counts as old, so even a stale read sees it.
      if (map.size > 0) domain.commit(itemName, map, 0);
    }
  }
}

/**
 * Writes the store's latest state to `file` atomically (temp file, then rename).
 *
 * @example
 * ```ts
 * await saveSnapshot("./sdb.json", store);
 * ```
 * @internal
 */
export async function saveSnapshot(file: string, store: Store): Promise<void> {
  const data: SnapshotFile = { format: "simpledb-local/1", savedAt: new Date().toISOString(), domains: {} };
  for (const [domainName, domain] of store.domains) {
    const items: Record<string, Record<string, string[]>> = {};
    for (const [itemName, attrs] of domain.entries())
      items[itemName] = Object.fromEntries(attrs) as Record<string, string[]>;
    data.domains[domainName] = items;
  }
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(data), "utf8");
  await rename(temp, file);
}
