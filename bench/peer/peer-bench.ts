/**
 * `bash scripts/bench-peer.sh`: Toil's FileJobStore against jobstore's `memory:` and `file:` (plain and
 * `sync: true`) on the phases of `shared/peer/toil_filejobstore_bench.py`, in one run, alternating
 * rounds (floor, Toil, memory, file, file sync, floor, …), each round a process of its own. The floor is
 * the bare system-call sequence of each phase on the same disk (`floor.ts`). Prints the medians of the
 * rounds per phase, each store's ratio to Toil and its share of the floor, then min / median / max per
 * contender; no assertions.
 *
 * Options: --rounds N (5), --jobs N (2000), --quick (1 round, 500 jobs), --no-toil, --no-file,
 * --no-floor, --file-inline-limit N (one more `file:` column, with `inlineLimit: N`), --json FILE (every
 * round's raw results).
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import {
  type Contender,
  floorContender,
  jobstoreContender,
  toilContender,
  toilMissing,
} from "./contenders.js";
import { comparisonTable, type Rounds, spreadTable } from "./table.js";

const { values } = parseArgs({
  options: {
    rounds: { type: "string" },
    jobs: { type: "string" },
    quick: { type: "boolean", default: false },
    "no-toil": { type: "boolean", default: false },
    "no-file": { type: "boolean", default: false },
    "no-floor": { type: "boolean", default: false },
    "file-inline-limit": { type: "string" },
    json: { type: "string" },
  },
});
const rounds = Number(values.rounds ?? (values.quick ? 1 : 5));
const jobs = Number(values.jobs ?? (values.quick ? 500 : 2000));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

const contenders: Contender[] = [];
const notes: string[] = [];
if (values["no-floor"]) notes.push("floor column skipped: --no-floor given");
else contenders.push(floorContender());
const missing = values["no-toil"] ? "--no-toil given" : toilMissing();
if (missing) notes.push(`Toil column skipped: ${missing}`);
else contenders.push(toilContender());
contenders.push(jobstoreContender("memory", "memory:peer-bench"));
if (values["no-file"]) notes.push("file columns skipped: --no-file given");
else {
  contenders.push(jobstoreContender("file", "file:{dir}"));
  contenders.push(jobstoreContender("file sync:true", "file:{dir}", ["--sync"]));
  const limit = values["file-inline-limit"];
  if (limit)
    contenders.push(jobstoreContender(`file inline ${limit}`, "file:{dir}", ["--inline-limit", limit]));
}

console.log(
  `peer benchmark: ${rounds} round(s), ${jobs} jobs, ${cpus().length} CPUs; load average at start ${load()}`,
);
const results: Rounds = new Map(contenders.map((c) => [c.name, []]));
const skipped = new Map<string, string>();
for (let round = 1; round <= rounds; round++) {
  for (const c of contenders) {
    if (skipped.has(c.name)) continue;
    const t0 = performance.now();
    const outcome = await c.runRound(jobs);
    if ("skipped" in outcome) {
      skipped.set(c.name, outcome.skipped);
      console.log(`round ${round}: ${c.name} skipped: ${outcome.skipped}`);
      continue;
    }
    results.get(c.name)!.push(outcome.results);
    console.log(
      `round ${round}: ${c.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s (load ${load()})`,
    );
  }
}
for (const [name, why] of skipped) notes.push(`${name} column skipped: ${why}`);

const names = contenders.map((c) => c.name).filter((n) => !skipped.has(n));
const floor = names.includes("floor") ? "floor" : undefined;
const stores = names.filter((n) => n !== floor);
const baseline = stores.includes("Toil") ? "Toil" : stores[0];
console.log(
  `\nmedians of ${rounds} round(s), ops/s (GB/s on 16 MiB rows); ×${baseline} = store / ${baseline};` +
    " ÷floor = store / floor (the bare system calls of the phase)\n",
);
if (baseline) {
  console.log(
    comparisonTable(
      results,
      baseline,
      stores.filter((n) => n !== baseline),
      floor,
    ),
  );
  console.log(`\nspread over the rounds, ops/s\n\n${spreadTable(results, names)}`);
}
console.log(
  "\nread_file -> same-fs: Toil hard-links (no copy), file: may link its immutable content version, memory: copies;" +
    " the /dev/shm row compares copies.",
);
console.log(`load average at end: ${load()}`);
for (const note of notes) console.log(`note: ${note}`);
if (values.json) writeFileSync(values.json, JSON.stringify(Object.fromEntries(results), null, 1));
