import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * The `execArgv` of a worker process running `workerScript`. Workers of the workspace run TypeScript
 * source (the suite's and a backend's or adapter's module) through tsx's loader; a published build runs
 * plain JavaScript when tsx is not installed.
 */
export function loaderArgs(workerScript: string): string[] {
  try {
    return ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href];
  } catch {
    if (workerScript.endsWith(".ts")) throw new Error("conformance worker processes need tsx (npm i -D tsx)");
    return [];
  }
}
