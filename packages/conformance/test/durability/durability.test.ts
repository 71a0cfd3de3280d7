import { describe, expect, it } from "vitest";
import { describeJobStoreDurability, runDurabilityCheck } from "../../src/index.js";
import type { NaiveMutant } from "./naive-dir-backend.js";
import { naiveDirOptions } from "./naive-dir-options.js";

// (1) A simple, correct directory backend passes every check: violations below are the mutations' doing.
describeJobStoreDurability(naiveDirOptions("correct"));

// (2) The checks have teeth: each deliberately broken backend makes its check report violations. The
// checks are run as functions returning reports, so a report that is not clean is asserted, not thrown.
// Scales keep the self-test short where one round or one run shows the bug; torn needs 6 kills.
const CAUGHT: Array<{
  mutant: NaiveMutant;
  check: Parameters<typeof runDurabilityCheck>[1];
  bug: string;
  scale: number;
}> = [
  { mutant: "torn", check: "crash", bug: "writes jobs and files in place, in two steps", scale: 1.5 },
  {
    mutant: "unconditional-cleanup",
    check: "job-race",
    bug: "a writer removes every other blob of its job",
    scale: 0.5,
  },
  {
    mutant: "ignore-conflicts",
    check: "file-race",
    bug: "file updates never detect a racing write",
    scale: 0.5,
  },
  { mutant: "leaky", check: "crash", bug: "destroy leaves spilled job blobs behind", scale: 0.5 },
];

describe("the durability checks catch broken backends", () => {
  for (const { mutant, check, bug, scale } of CAUGHT) {
    it(`the ${check} check reports violations for mutant ${mutant} (${bug})`, {
      timeout: 300_000,
    }, async () => {
      const report = await runDurabilityCheck(naiveDirOptions(mutant, { scale }), check);
      console.log(`mutant ${mutant}: ${report.violations.length} violations, e.g. ${report.violations[0]}`);
      expect(report.violations).not.toEqual([]);
    });
  }
});
