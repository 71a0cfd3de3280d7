import { afterAll, describe, it } from "vitest";
import { describeJobStoreConformance } from "../src/index.js";
import { modelSetup } from "./model-backend.js";
import { CONTROL, type MutantOutcome, runMutants } from "./mutant-run/run-mutants.js";
import { MUTANTS } from "./mutants.js";

// (1) The suite passes on a simple, correct backend: failures below are the mutations' doing.
describeJobStoreConformance({ name: "model", setup: modelSetup() });

// (2) The suite has teeth: every deliberately broken backend fails at least one test. The mutants run
// in child vitest processes (a failing run cannot be asserted from inside the same run).
describe("the conformance suite catches every mutant backend", () => {
  let outcomes: Promise<Map<string, MutantOutcome>> | undefined;
  const results = () => {
    outcomes ??= runMutants(MUTANTS.map((m) => m.name));
    return outcomes;
  };

  afterAll(async () => {
    if (!outcomes) return;
    // The table behind the README's "Mutants the suite catches": which tests caught which mutant.
    const lines = [...(await outcomes)].map(
      ([name, o]) => `${name}: ${o.failed.length} failed, ${o.passed} passed\n    ${o.failed.join("\n    ")}`,
    );
    console.log(`mutants caught:\n${lines.join("\n")}`);
  });

  it("the child runs pass on the unmutated model backend (the control)", {
    timeout: 600_000,
  }, async ({ expect }) => {
    const control = (await results()).get(CONTROL);
    expect(control?.passed, "the child runs ran the suite for the control").toBeGreaterThan(0);
    expect(control?.failed, "tests that failed for the unmutated backend").toEqual([]);
  });

  for (const mutant of MUTANTS) {
    it(`mutant ${mutant.name} (${mutant.bug}) fails at least one conformance test`, {
      timeout: 600_000,
    }, async ({ expect }) => {
      const all = await results();
      // A child that fails for any reason would mark its mutants caught: only a clean control counts.
      expect(all.get(CONTROL)?.failed, "tests that failed for the unmutated backend").toEqual([]);
      const outcome = all.get(mutant.name);
      expect(outcome?.passed, "the child run ran the suite for this mutant").toBeGreaterThan(0);
      expect(outcome?.failed, "tests that failed for this mutant").not.toEqual([]);
    });
  }
});
