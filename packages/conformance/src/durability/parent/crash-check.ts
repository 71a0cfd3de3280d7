import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { readJournal } from "../protocol/journal.js";
import { type CheckContext, STARTUP_MS, scaled } from "./check-context.js";
import { type FinalMessage, finishRun } from "./final-check.js";
import { judgeListing, judgeReadings } from "./judge.js";
import { type DurabilityReport, newReport } from "./report.js";
import { runToMessage, WorkerProcess } from "./worker-process.js";

/** How long after a large write's `began` its worker is killed: well within the worker's hold of the
 * write's rest (3 s), so the kill always lands mid-write. */
const LARGE_KILL_WINDOW_MS = 250;

/** A kill moment: mostly somewhere in the first 1.5 s of writing, sometimes right at its start. */
function killDelayMs(): number {
  return Math.random() < 0.3 ? Math.random() * 60 : Math.random() * 1500;
}

/**
 * A worker killed while it held back the rest of a large write had handed its first part to the store,
 * and that write never committed: what it left on the storage (a temp file, an open multipart upload;
 * the storage entries that appeared during that life) must be found as leftovers, unless the backend
 * reclaimed it by itself (e.g. on resume) before the end. A backend whose `findLeftovers` misses it
 * leaks storage forever. Judged through `residue`, which shows the storage; without it, only noted.
 */
function requireLeftovers(
  report: DurabilityReport,
  final: FinalMessage,
  killedInLargeWrite: number,
  unreclaimed: readonly string[] | undefined,
): void {
  report.stats.unreclaimedAtEnd = unreclaimed?.length ?? "unknown";

  if (killedInLargeWrite === 0 || !final.findsLeftovers || final.leftoversFound > 0) return;
  if (unreclaimed === undefined) {
    report.notes.push(
      "no options.residue: what a kill mid large write left was not checked against findLeftovers",
    );
  } else if (unreclaimed.length > 0) {
    report.violations.push(
      `${killedInLargeWrite === 1 ? "a worker was" : `${killedInLargeWrite} workers were`} killed in the middle of a large write, leaving ${unreclaimed.length} on the storage (${unreclaimed.slice(0, 3).join(", ")}), but findLeftovers found nothing`,
    );
  }
}

/** What the storage holds now, as `residue` lists it (undefined without `residue`). */
async function storageNow(run: CheckContext): Promise<Set<string> | undefined> {
  return run.residue ? new Set(await run.residue(run.locator)) : undefined;
}

/**
 * The crash check: a worker updates jobs and files (sizes around the backend's chunk, spill, inline and
 * part limits), journalling each write before and after the call, and is SIGKILLed at a random moment,
 * again and again; every second worker in the middle of a large file write it holds half-written (a
 * multipart upload where the backend has parts). Each next worker, a fresh process, first reads every object: each must be a whole
 * version, the acknowledged one or the one in flight at the kill. At the end leftovers are found and
 * removed through the front end (live data untouched), the store is destroyed, and nothing may remain.
 */
export async function runCrashCheck(run: CheckContext): Promise<DurabilityReport> {
  const report = newReport("crash");
  const journal = join(run.tempDir, "crash.journal");
  const seeded = await runToMessage(
    run.settings,
    { mode: "seed", jobs: 3, files: 3, journal },
    "seeded",
    STARTUP_MS,
  );
  const objects = seeded.objects;
  const kills = scaled(run, 4);
  let writes = 0;
  let inFlightAtKill = 0;
  let killedInLargeWrite = 0;
  // Storage entries that appeared while a worker was killed mid large write (its first write of the life).
  const leftBehind = new Set<string>();
  for (let life = 1; life <= kills; life++) {
    // Every second life is killed in the middle of its first write, a large file (a multipart upload where
    // the backend has parts) held half-written: what such a write leaves must be found as leftovers.
    const midLarge = life % 2 === 0;
    const worker = new WorkerProcess(run.settings, {
      mode: "loop",
      objects,
      journal,
      life: `c${life}`,
      maxOps: 100_000,
      callTimeoutMs: 0,
      reads: false,
      withParts: true,
      verifyFirst: true,
      largeFirst: midLarge,
    });
    try {
      const observed = await worker.next("observed", STARTUP_MS);
      judgeReadings(report, `after kill ${life - 1}`, observed, readJournal(journal));
      judgeListing(report, `after kill ${life - 1}`, observed.jobsListed, objects.jobs.length);
      // Before go: the held large write is this worker's first, so what appears until its kill is its own.
      const before = midLarge ? await storageNow(run) : undefined;
      worker.command({ cmd: "go" });
      if (midLarge) {
        await worker.next("began", STARTUP_MS);
        await sleep(Math.random() * LARGE_KILL_WINDOW_MS);
      } else {
        await worker.opsReached(1, STARTUP_MS);
        await sleep(killDelayMs());
      }
      await worker.kill();
      writes += worker.ops;
      // The killed worker's last line: a write begun and never acknowledged was in flight.
      const lastLine = readJournal(journal).at(-1);
      if (lastLine?.t === "begin") inFlightAtKill++;
      if (midLarge && lastLine?.t === "begin" && lastLine.tag === `c${life}.1`) {
        killedInLargeWrite++;
        for (const entry of (await storageNow(run)) ?? []) if (!before?.has(entry)) leftBehind.add(entry);
      }
    } catch (err) {
      report.violations.push(`life ${life}: ${String((err as Error).message ?? err)}`);
    } finally {
      await worker.kill();
    }
  }
  // Without faults no write may fail; the killed workers could not report theirs, the journal did.
  for (const e of readJournal(journal)) {
    if (e.t === "fail")
      report.violations.push(`update of ${e.key} (${e.tag}) failed without faults: ${e.code}`);
  }
  // The last life: a fresh process reads what the last kill left, then removes leftovers and destroys.
  // What the killed large writes left and a resumed store still holds is for findLeftovers to find.
  let unreclaimed: string[] | undefined;
  const final = await finishRun(
    report,
    run,
    run.settings,
    objects,
    journal,
    `after kill ${kills}`,
    async () => {
      const now = await storageNow(run);
      unreclaimed = now && [...leftBehind].filter((entry) => now.has(entry));
    },
  );
  report.stats.leftByLargeWrites = run.residue ? leftBehind.size : "unknown";
  requireLeftovers(report, final, killedInLargeWrite, unreclaimed);
  Object.assign(report.stats, { kills, writes, inFlightAtKill, killedInLargeWrite });
  return report;
}
