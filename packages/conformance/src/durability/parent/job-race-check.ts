import type { SizeLimits } from "../protocol/messages.js";
import { jobLayout } from "../protocol/sizes.js";
import { type CheckContext, ROUND_MS, scaled, startAll } from "./check-context.js";
import { finishRace, seedRaceTarget } from "./race-setup.js";
import { type DurabilityReport, newReport } from "./report.js";
import { WorkerProcess } from "./worker-process.js";

/**
 * Requires that the race tested what it is for: loads ran while the writers wrote, and the sizes written
 * crossed the backend's chunk limit (more than one chunk count) and its spill threshold (spilled and
 * not), where it declares them. Returns how many writes fell in each layout, for the stats.
 */
export function judgeRaceCoverage(
  report: DurabilityReport,
  caps: Pick<SizeLimits, "jobChunkSize" | "overlargeJobThreshold">,
  sizes: readonly number[],
  loads: number,
): Map<string, number> {
  const layouts = new Map<string, number>();
  for (const size of sizes) {
    const layout = jobLayout(size, caps);
    layouts.set(layout, (layouts.get(layout) ?? 0) + 1);
  }
  if (loads === 0) report.violations.push("no load ran while the writers wrote: the race tested no reader");
  const chunkCounts = [...layouts.keys()].filter((k) => k.startsWith("chunks:"));
  if (caps.jobChunkSize > 0 && chunkCounts.length < 2) {
    report.violations.push(
      `job sizes never crossed the chunk limit (jobChunkSize ${caps.jobChunkSize}): ${sizes.length} writes, chunk counts ${chunkCounts.join(", ") || "none"}`,
    );
  }
  const spilled = layouts.get("spilled") ?? 0;
  if (caps.overlargeJobThreshold > 0 && (spilled === 0 || spilled === sizes.length)) {
    report.violations.push(
      `job sizes never crossed the spill threshold (overlargeJobThreshold ${caps.overlargeJobThreshold}): ${spilled} of ${sizes.length} writes spilled`,
    );
  }
  return layouts;
}

/**
 * The job race: 2–4 processes update one job as fast as they can, with sizes whose chunk count varies and
 * that cross the spill threshold both ways, while another process loads it in a loop. Every load must be
 * a whole version some writer wrote (never torn, never `JOBSTORE_NO_SUCH_JOB`, never a decode error), no
 * update may fail, and once all stop the job must be the last acknowledged write of one of the writers:
 * a slower writer's clean-up never destroys a newer version.
 */
export async function runJobRaceCheck(run: CheckContext): Promise<DurabilityReport> {
  const report = newReport("job-race");
  const { target: job, journal } = await seedRaceTarget(run, "job");
  const updates = scaled(run, 20);
  const writers = Array.from(
    { length: run.racers },
    (_, index) =>
      new WorkerProcess(run.settings, { mode: "job-writer", job, index, updates, minMs: scaled(run, 4000) }),
  );
  const reader = new WorkerProcess(run.settings, { mode: "job-reader", job });
  const all = [...writers, reader];
  try {
    const caps = await startAll(all);
    for (const w of all) w.command({ cmd: "go" });
    const wrote = await Promise.all(writers.map((w) => w.next("wrote", ROUND_MS * 5)));
    reader.command({ cmd: "stop" });
    const loaded = await reader.next("loaded", ROUND_MS);
    for (const [i, w] of wrote.entries()) {
      for (const e of w.errors) report.violations.push(`writer ${i}: updateJob ${e}`);
    }
    const layouts = judgeRaceCoverage(
      report,
      caps,
      wrote.flatMap((w) => w.sizes),
      loaded.loads,
    );
    if (loaded.problemCount > 0) {
      report.violations.push(
        `${loaded.problemCount} of ${loaded.loads} concurrent loads failed, e.g. ${loaded.problems.slice(0, 5).join(" | ")}`,
      );
    }
    for (const tag of loaded.tags) {
      const [w, n] = tag.slice(1).split(".").map(Number);
      const attempted = wrote[w as number]?.attempted ?? 0;
      const known = tag === "seed" || (tag.startsWith("w") && (n as number) <= attempted);
      if (!known) report.violations.push(`a load returned ${tag}, which no writer wrote`);
    }
    const lastAcked = wrote.map((w) => w.lastAcked).filter(Boolean) as string[];
    if (loaded.last.problem) report.violations.push(`after the race: loadJob: ${loaded.last.problem}`);
    else if (!lastAcked.includes(loaded.last.tag as string)) {
      report.violations.push(
        `after the race the job is ${loaded.last.tag}, not the last acknowledged write of any writer (${lastAcked.join(", ")})`,
      );
    }
    Object.assign(report.stats, {
      writers: run.racers,
      racingUpdates: wrote.reduce((n, w) => n + w.written, 0),
      concurrentLoads: loaded.loads,
      spilled: layouts.get("spilled") ?? 0,
      chunkCounts: [...layouts.keys()].filter((k) => k.startsWith("chunks:")).length,
    });
  } catch (err) {
    report.violations.push(`job race: ${String((err as Error).message ?? err)}`);
  } finally {
    await Promise.all(all.map((w) => w.kill()));
  }
  await finishRace(report, run, journal);
  return report;
}
