import { setTimeout as sleep } from "node:timers/promises";
import { type CheckContext, ROUND_MS, scaled, startAll } from "./check-context.js";
import { finishRace, seedRaceTarget } from "./race-setup.js";
import { type DurabilityReport, newReport } from "./report.js";
import { WorkerProcess } from "./worker-process.js";

/**
 * The file race: 2–4 processes, round after round, read the same version of one file, then all update
 * it at once. Each update is held open until every racer has begun and the base-version reads have had
 * time to land (five times the slowest metadata call seen, at least 150 ms), so the updates truly race:
 * exactly one must win, every other must get `JOBSTORE_CONCURRENT_MODIFICATION`, and the next read must
 * see the winner's content, whole. Rounds walk through sizes around the inline and part limits.
 */
export async function runFileRaceCheck(run: CheckContext): Promise<DurabilityReport> {
  const report = newReport("file-race");
  const { target: file, journal } = await seedRaceTarget(run, "file");
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
  await finishRace(report, run, journal);
  Object.assign(report.stats, { racers: run.racers, rounds, racingUpdates: updates, conflicts });
  return report;
}
