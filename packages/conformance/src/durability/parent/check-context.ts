import type { SizeLimits } from "../protocol/messages.js";
import type { WorkerProcess, WorkerSettings } from "./worker-process.js";

/** Everything a check needs: how workers reach the fresh store, where to keep files, and the counts. */
export interface CheckContext {
  settings: WorkerSettings;
  locator: string;
  tempDir: string;
  /** Multiplies every count. */
  scale: number;
  /** Processes racing on one object (2 to 4). */
  racers: number;
  /** What remains of the store on the storage (see `DurabilityOptions.residue`). */
  residue: ((locator: string) => Promise<string[]>) | undefined;
}

/** How long a worker may take to start, open the store and answer (tsx compiles on start). */
export const STARTUP_MS = 120_000;

/** `base` scaled, at least `min`. */
export function scaled(run: CheckContext, base: number, min = 1): number {
  return Math.max(min, Math.round(base * run.scale));
}

/** How long one round of a race (or a racer's whole run, times five) may take. */
export const ROUND_MS = 120_000;

/** Waits until every worker has its store open; the first one's size limits. */
export async function startAll(workers: WorkerProcess[]): Promise<SizeLimits> {
  const ready = await Promise.all(workers.map((w) => w.next("ready", STARTUP_MS)));
  return (ready[0] as { capabilities: SizeLimits }).capabilities;
}
