import { join } from "node:path";
import type { CheckObject } from "../protocol/messages.js";
import { type CheckContext, STARTUP_MS } from "./check-context.js";
import { judgeFinal } from "./final-check.js";
import type { DurabilityReport } from "./report.js";
import { runToMessage } from "./worker-process.js";

/** The one object a race works on, and the journal of the seeding that knows only its first version. */
export interface RaceTarget {
  readonly target: CheckObject;
  readonly journal: string;
}

/** Seeds the store with the one job or the one file the racers work on, in a worker process of its own. */
export async function seedRaceTarget(run: CheckContext, kind: "job" | "file"): Promise<RaceTarget> {
  const journal = join(run.tempDir, "seed.journal");
  const { objects } = await runToMessage(
    run.settings,
    { mode: "seed", jobs: kind === "job" ? 1 : 0, files: kind === "file" ? 1 : 0, journal },
    "seeded",
    STARTUP_MS,
  );
  const target = (kind === "job" ? objects.jobs : objects.files)[0] as CheckObject;
  return { target, journal };
}

/**
 * Ends a race in a fresh process that reads no object (the race checked the content, and the seed
 * journal knows only the seed), then finds and removes leftovers and destroys the store; see
 * {@link judgeFinal}.
 */
export async function finishRace(
  report: DurabilityReport,
  run: CheckContext,
  journal: string,
): Promise<void> {
  const final = await runToMessage(
    run.settings,
    { mode: "final", objects: { jobs: [], files: [] } },
    "final",
    STARTUP_MS,
  );
  await judgeFinal(report, run, final, journal);
}
