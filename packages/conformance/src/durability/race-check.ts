import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type CheckRun, jobLayout, judgeFinal, STARTUP_MS, scaled } from "./check-run.js";
import type { SizeLimits } from "./protocol.js";
import { type DurabilityReport, newReport } from "./report.js";
import { runToMessage, WorkerProcess } from "./spawn-worker.js";

const ROUND_MS = 120_000;

async function startAll(workers: WorkerProcess[]): Promise<SizeLimits> {
  const ready = await Promise.all(workers.map((w) => w.next("ready", STARTUP_MS)));
  return (ready[0] as { capabilities: SizeLimits }).capabilities;
}

/**
 * The file race: 2–4 processes, round after round, read the same version of one file, then all update
 * it at once. Each update is held open until every racer has begun and the base-version reads have had
 * time to land (five times the slowest metadata call seen, at least 150 ms), so the updates truly race:
 * exactly one must win, every other must get `JOBSTORE_CONCURRENT_MODIFICATION`, and the next read must
 * see the winner's content, whole. Rounds walk through sizes around the inline and part limits.
 */
export async function runFileRaceCheck(run: CheckRun): Promise<DurabilityReport> {
  const report = newReport("file-race");
  const journal = join(run.tempDir, "seed.journal");
  const { objects } = await runToMessage(
    run.settings,
    { mode: "seed", jobs: 0, files: 1, journal },
    "seeded",
    STARTUP_MS,
  );
  const file = objects.files[0] as { key: string; id: string };
  const workers = Array.from(
    { length: run.racers },
    (_, index) => new WorkerProcess(run.settings, { mode: "file-racer", file, index }),
  );
  const rounds = scaled(run, 12);
  let expected = new Set(["seed"]);
  let updates = 0;
  let conflicts = 0;
  try {
    await startAll(workers);
    for (let round = 1; round <= rounds + 1; round++) {
      for (const w of workers) w.command({ cmd: "read", round });
      const reads = await Promise.all(workers.map((w) => w.next("read", ROUND_MS, (m) => m.round === round)));
      for (const [i, r] of reads.entries()) {
        if (r.problem) report.violations.push(`round ${round}: racer ${i} read: ${r.problem}`);
        else if (!expected.has(r.tag as string)) {
          report.violations.push(
            `round ${round}: racer ${i} read ${r.tag}, expected ${[...expected].join(" or ")}`,
          );
        }
      }
      if (round > rounds) break;
      const settleMs = Math.min(3000, Math.max(150, 5 * Math.max(...reads.map((r) => r.latencyMs))));
      for (const w of workers) w.command({ cmd: "update", round });
      const entered = await Promise.allSettled(
        workers.map((w) => w.next("entered", ROUND_MS, (m) => m.round === round)),
      );
      for (const [i, e] of entered.entries()) {
        if (e.status === "rejected")
          report.violations.push(`round ${round}: racer ${i} never began its update: ${e.reason}`);
      }
      await sleep(settleMs);
      for (const w of workers) w.command({ cmd: "release", round });
      const results = await Promise.all(
        workers.map((w) => w.next("updated", ROUND_MS, (m) => m.round === round)),
      );
      updates += results.length;
      const winners = results.filter((r) => r.won);
      for (const r of results) {
        if (r.won) continue;
        if (r.code === "JOBSTORE_CONCURRENT_MODIFICATION") conflicts++;
        else
          report.violations.push(
            `round ${round}: ${r.tag} failed with ${r.code}, not JOBSTORE_CONCURRENT_MODIFICATION`,
          );
      }
      if (winners.length !== 1) {
        const tags = winners.map((r) => r.tag).join(", ");
        report.violations.push(
          winners.length === 0
            ? `round ${round}: no racer won`
            : `round ${round}: ${winners.length} racing updates all succeeded (${tags}): all but one were silently lost`,
        );
      }
      if (winners.length > 0) expected = new Set(winners.map((r) => r.tag));
    }
  } catch (err) {
    report.violations.push(`file race: ${String((err as Error).message ?? err)}`);
  } finally {
    for (const w of workers) w.command({ cmd: "exit" });
    await Promise.all(workers.map((w) => w.done(10_000)));
  }
  // The rounds checked the content; the seed journal knows only the seed, so the final step reads nothing.
  const none = { jobs: [], files: [] };
  const final = await runToMessage(run.settings, { mode: "final", objects: none }, "final", STARTUP_MS);
  await judgeFinal(report, run, final, journal);
  Object.assign(report.stats, { racers: run.racers, rounds, racingUpdates: updates, conflicts });
  return report;
}

/**
 * The job race: 2–4 processes update one job as fast as they can, with sizes whose chunk count varies and
 * that cross the spill threshold both ways, while another process loads it in a loop. Every load must be
 * a whole version some writer wrote (never torn, never `JOBSTORE_NO_SUCH_JOB`, never a decode error), no
 * update may fail, and once all stop the job must be the last acknowledged write of one of the writers:
 * a slower writer's clean-up never destroys a newer version.
 */
export async function runJobRaceCheck(run: CheckRun): Promise<DurabilityReport> {
  const report = newReport("job-race");
  const journal = join(run.tempDir, "seed.journal");
  const { objects } = await runToMessage(
    run.settings,
    { mode: "seed", jobs: 1, files: 0, journal },
    "seeded",
    STARTUP_MS,
  );
  const job = objects.jobs[0] as { key: string; id: string };
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
    const layouts = new Map<string, number>();
    for (const [i, w] of wrote.entries()) {
      for (const e of w.errors) report.violations.push(`writer ${i}: updateJob ${e}`);
      for (const size of w.sizes) {
        const layout = jobLayout(size, caps);
        layouts.set(layout, (layouts.get(layout) ?? 0) + 1);
      }
    }
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
  const final = await runToMessage(
    run.settings,
    { mode: "final", objects: { jobs: [], files: [] } },
    "final",
    STARTUP_MS,
  );
  await judgeFinal(report, run, final, journal);
  return report;
}
