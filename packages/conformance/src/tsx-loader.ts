import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * The `execArgv` that lets a child Node process run `script`: tsx's ESM loader by absolute URL where tsx
 * is installed (the child then runs TypeScript itself, with no wrapper process, so the PID a test kills
 * is the script's), nothing for a JavaScript script without tsx.
 *
 * @throws Error when `script` is TypeScript and tsx cannot be found.
 */
export function tsxLoaderArgs(script: string): string[] {
  try {
    return ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href];
  } catch {
    if (/\.[cm]?tsx?$/.test(script)) throw new Error(`running ${script} needs tsx (npm i -D tsx)`);
    return [];
  }
}
