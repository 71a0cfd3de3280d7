import fc from "fast-check";
import { describeJobStoreConformance } from "../../src/index.js";
import { modelSetup } from "../model-backend.js";
import { MUTANTS } from "../mutants.js";
import { CONTROL } from "./run-mutants.js";

// Spawned by self.test.ts only. A mutant needs one failure, not the smallest one: skip shrinking.
fc.configureGlobal({ endOnFailure: true });

// A comma-separated list of mutant names, or "all"; "control" is the unmutated model backend, run in the
// same child so that a child failing for any other reason (setup, environment) is seen as such.
const selected = (process.env.JOBSTORE_MUTANT ?? "all").split(",");
if (selected.includes("control")) {
  describeJobStoreConformance({
    name: `mutant ${CONTROL}`,
    setup: modelSetup(),
    propertyRuns: Number(process.env.JOBSTORE_MUTANT_RUNS ?? 30),
  });
}
for (const mutant of MUTANTS) {
  if (!selected.includes("all") && !selected.includes(mutant.name)) continue;
  describeJobStoreConformance({
    name: `mutant ${mutant.name}`,
    setup: modelSetup((name) => mutant.make(name)),
    propertyRuns: Number(process.env.JOBSTORE_MUTANT_RUNS ?? 30),
  });
}
