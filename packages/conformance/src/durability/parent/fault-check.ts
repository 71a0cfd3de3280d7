import { join } from "node:path";
import { type CheckContext, STARTUP_MS, scaled } from "./check-context.js";
import { finishRun } from "./final-check.js";
import type { DurabilityFaultOptions, FaultEnvironment } from "./options.js";
import { type DurabilityReport, newReport } from "./report.js";
import { runToMessage } from "./worker-process.js";

/**
 * A check under faults that saw none tested nothing: the store's traffic did not go through the
 * injectors (e.g. a backend that ignores the endpoint in `FaultEnvironment.env`).
 */
function requireFaults(report: DurabilityReport, injectors: FaultEnvironment): void {
  const injected = Object.entries(injectors.injected());
  for (const [kind, n] of injected) report.stats[`injected:${kind}`] = n;
  if (injected.reduce((sum, [, n]) => sum + n, 0) === 0) {
    report.violations.push(
      "no fault was injected: the store's traffic never went through the injectors (does the backend use the endpoints in FaultEnvironment.env?)",
    );
  }
  const connections = injectors.connections?.();
  if (connections === undefined) return;
  report.stats.proxiedConnections = connections;
  if (connections === 0) report.violations.push("the injectors proxied no connection of the store");
}

/**
 * The faults check: the store is seeded healthy, then a worker reads and updates jobs and files through
 * the backend's fault injectors (connections reset, delayed, truncated; server errors). Every call must
 * settle within `callTimeoutMs` by itself (no hang), every failure must be a coded `JobStoreError`, and
 * every successful read must be a whole version the journal allows (no corruption). Healed, a fresh
 * process then reads every object, leftovers are removed and the store destroyed, as in the crash check.
 */
export async function runFaultCheck(
  run: CheckContext,
  faults: DurabilityFaultOptions,
): Promise<DurabilityReport> {
  const report = newReport("faults");
  const journal = join(run.tempDir, "faults.journal");
  const injectors = await faults.setup();
  const settings = { ...run.settings, env: { ...run.settings.env, ...injectors.env } };
  try {
    await injectors.disable();
    const { objects } = await runToMessage(
      settings,
      { mode: "seed", jobs: 3, files: 3, journal },
      "seeded",
      STARTUP_MS,
    );
    await injectors.enable();
    const ops = scaled(run, 60);
    const looped = await runToMessage(
      settings,
      {
        mode: "loop",
        objects,
        journal,
        life: "f1",
        maxOps: ops,
        callTimeoutMs: faults.callTimeoutMs ?? 45_000,
        reads: true,
        withParts: true,
        verifyFirst: false,
      },
      "looped",
      STARTUP_MS + ops * 2 * ((faults.callTimeoutMs ?? 45_000) + 5_000),
    );
    await injectors.disable();
    report.violations.push(...looped.violations);
    const failed = Object.values(looped.failures).reduce((a, b) => a + b, 0);
    Object.assign(report.stats, {
      faultedOps: looped.ops + looped.reads,
      writes: looped.ops,
      reads: looped.reads,
      failed,
    });
    for (const [code, n] of Object.entries(looped.failures)) report.stats[`failed:${code}`] = n;
    requireFaults(report, injectors);
    await finishRun(report, run, settings, objects, journal, "healed, after the faults");
  } finally {
    await injectors.teardown();
  }
  return report;
}
