import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckContext } from "./check-context.js";
import { runCrashCheck } from "./crash-check.js";
import { runFaultCheck } from "./fault-check.js";
import { runFileRaceCheck } from "./file-race-check.js";
import { runJobRaceCheck } from "./job-race-check.js";
import type { DurabilityOptions } from "./options.js";
import type { DurabilityCheckName, DurabilityReport } from "./report.js";

/**
 * The scale of a durability run: `options.scale`, else the `JOBSTORE_DURABILITY_SCALE` environment
 * variable, else 1. Every count (kills, rounds, updates, faulted calls) is multiplied by it.
 *
 * @throws RangeError when `options.scale` is not positive.
 * @example
 * ```ts
 * durabilityScale({}); // 1, or e.g. 10 with JOBSTORE_DURABILITY_SCALE=10
 * ```
 * @public
 */
export function durabilityScale(options: Pick<DurabilityOptions, "scale">): number {
  const fromEnv = Number(process.env.JOBSTORE_DURABILITY_SCALE);
  const scale = options.scale ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 1);
  if (!(scale > 0)) throw new RangeError(`durability scale must be positive, got ${scale}`);
  return scale;
}

/**
 * Runs one durability check on a fresh store and returns what it found, without asserting anything: the
 * suite's tests assert the report is clean, and a self-test can assert that a broken backend's is not.
 *
 * @throws Error when the run itself cannot start (no worker comes up, the store cannot be seeded).
 * @example
 * ```ts
 * const report = await runDurabilityCheck(options, "crash");
 * expect(report.violations).toEqual([]);
 * ```
 * @public
 */
export async function runDurabilityCheck(
  options: DurabilityOptions,
  check: DurabilityCheckName,
): Promise<DurabilityReport> {
  const racers = options.racers ?? 3;
  if (!Number.isInteger(racers) || racers < 2 || racers > 4)
    throw new RangeError(`racers must be 2 to 4, got ${racers}`);
  if (check === "faults" && !options.faults) throw new TypeError("the faults check needs options.faults");
  const tempDir = await mkdtemp(join(tmpdir(), "jobstore-durability-"));
  const tag = randomBytes(5).toString("hex").slice(0, 8);
  let locator: string | undefined;
  try {
    locator = await options.locator({ tempDir, tag });
    const run: CheckContext = {
      settings: {
        locator,
        openOptions: options.openOptions ?? {},
        ...(options.workerModule ? { workerModule: options.workerModule } : {}),
        env: options.env ?? {},
        cwd: options.cwd,
      },
      locator,
      tempDir,
      scale: durabilityScale(options),
      racers,
      residue: options.residue,
    };
    switch (check) {
      case "crash":
        return await runCrashCheck(run);
      case "file-race":
        return await runFileRaceCheck(run);
      case "job-race":
        return await runJobRaceCheck(run);
      default:
        return await runFaultCheck(run, options.faults as NonNullable<DurabilityOptions["faults"]>);
    }
  } finally {
    if (locator !== undefined) await options.teardown?.(locator);
    await rm(tempDir, { recursive: true, force: true });
  }
}
