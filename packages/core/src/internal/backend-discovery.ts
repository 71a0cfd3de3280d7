import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, parse } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { JobStoreError } from "../errors.js";

/** The scope every first-party backend package is published under. */
const SCOPE = "@jobstore";

/** An installed backend package and the locator schemes its package.json declares. */
export interface InstalledBackend {
  /** The package name, e.g. `@jobstore/backend-file`. */
  readonly packageName: string;
  /** The directory holding the `node_modules` it was found in (where it resolves from). */
  readonly baseDir: string;
  /** `jobstore.schemes` from its package.json (empty for a `JOBSTORE_BACKENDS` package without it). */
  readonly schemes: readonly string[];
}

/**
 * Where to look for installed backends: the directories the caller names first (an application that
 * depends on backends, with a strict `node_modules` layout, finds them only from its own location), then
 * the working directory and main script, and core's own location (backends installed beside it).
 */
export function searchRoots(searchFrom: readonly string[] = []): string[] {
  const roots = [...searchFrom, process.cwd()];
  if (process.argv[1]) roots.push(dirname(process.argv[1]));
  roots.push(dirname(fileURLToPath(import.meta.url)));
  return roots;
}

/** Extra package names to import, from `JOBSTORE_BACKENDS` (comma-separated; for other scopes). */
export function extraBackendNames(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return (env.JOBSTORE_BACKENDS ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
}

/** Every directory from each root up to the file system's root, once, nearest first. */
function ancestors(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const root of roots) {
    for (let dir = root; ; dir = dirname(dir)) {
      seen.add(dir);
      if (dir === parse(dir).root) break;
    }
  }
  return [...seen];
}

async function readManifest(
  path: string,
): Promise<{ name?: unknown; jobstore?: { schemes?: unknown } } | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as { name?: unknown; jobstore?: { schemes?: unknown } };
  } catch {
    // Not installed here, or not a package: keep looking.
    return undefined;
  }
}

function schemesOf(manifest: { jobstore?: { schemes?: unknown } }): string[] {
  const schemes = manifest.jobstore?.schemes;
  return Array.isArray(schemes) ? schemes.filter((s): s is string => typeof s === "string") : [];
}

/**
 * Finds the installed backend packages: every `node_modules/@jobstore/*` whose package.json declares
 * `"jobstore": { "schemes": [...] }`, and the packages named in `extraNames`, nearest first, each once.
 */
export async function findInstalledBackends(
  roots: readonly string[],
  extraNames: readonly string[],
): Promise<InstalledBackend[]> {
  const found = new Map<string, InstalledBackend>();
  for (const baseDir of ancestors(roots)) {
    const modules = join(baseDir, "node_modules");
    const scoped = await readdir(join(modules, SCOPE)).catch(() => [] as string[]);
    const names = [...scoped.map((entry) => `${SCOPE}/${entry}`), ...extraNames];
    for (const packageName of names) {
      if (found.has(packageName)) continue;
      const manifest = await readManifest(join(modules, packageName, "package.json"));
      if (!manifest) continue;
      const schemes = schemesOf(manifest);
      if (schemes.length > 0 || extraNames.includes(packageName)) {
        found.set(packageName, { packageName, baseDir, schemes });
      }
    }
  }
  return [...found.values()];
}

/**
 * Imports a backend package by its main entry, which registers its schemes.
 *
 * @throws {@link JobStoreError} `JOBSTORE_INVALID_LOCATOR` when it cannot be loaded (cause kept).
 */
export async function importBackend(backend: InstalledBackend): Promise<void> {
  try {
    const entry = createRequire(join(backend.baseDir, "noop.js")).resolve(backend.packageName);
    await import(pathToFileURL(entry).href);
  } catch (cause) {
    throw new JobStoreError(
      "JOBSTORE_INVALID_LOCATOR",
      `cannot load the backend package ${backend.packageName}`,
      {
        cause,
      },
    );
  }
}
