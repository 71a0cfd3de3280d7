import { describe, expect, it } from "vitest";
import { describeJobStoreDurability, runDurabilityCheck } from "../../src/index.js";
import type { NaiveMutant } from "./naive-dir-backend.js";
import { naiveDirFaults, naiveDirOptions } from "./naive-dir-options.js";

// (1) A simple, correct directory backend passes every check, faults included: violations below are the
// mutations' doing.
describeJobStoreDurability(naiveDirOptions("correct", { faults: naiveDirFaults }));

// (2) The checks have teeth: each deliberately broken backend makes its check report the violations its
// bug must cause (`caughtBy`), not just any. The checks are run as functions returning reports, so a
// report that is not clean is asserted, not thrown. Scales keep the self-test short where one round or
// one run shows the bug; torn needs 6 kills.
const CAUGHT: Array<{
  mutant: NaiveMutant;
  check: Parameters<typeof runDurabilityCheck>[1];
  bug: string;
  caughtBy: RegExp[];
  scale: number;
}> = [
  {
    mutant: "torn",
    check: "crash",
    bug: "writes jobs and files in place, in two steps",
    // A fresh process read an object that is not a whole version (judgeObservations' line).
    caughtBy: [/^after kill \d+: (job|file) \w+: (?!holds)/],
    scale: 1.5,
  },
  {
    mutant: "unconditional-cleanup",
    check: "job-race",
    bug: "a writer removes every other blob of its job",
    caughtBy: [
      /concurrent loads failed, e\.g\. .*blob \S+ is gone|after the race: loadJob: .*blob \S+ is gone/,
    ],
    scale: 0.5,
  },
  {
    mutant: "ignore-conflicts",
    check: "file-race",
    bug: "file updates never detect a racing write",
    caughtBy: [/racing updates all succeeded/],
    scale: 0.5,
  },
  {
    mutant: "leaky",
    check: "crash",
    bug: "destroy leaves the files' contents behind",
    // The leaked content itself, not an empty directory (the residue lists files only).
    caughtBy: [/^after destroy\(\) the storage still holds \d+: .*\/files\/\w+\/(v\d+|meta\.json)/],
    scale: 0.5,
  },
  {
    mutant: "blind-leftovers",
    check: "crash",
    bug: "findLeftovers never finds what a killed writer left",
    caughtBy: [
      /killed in the middle of a large write, leaving \d+ on the storage .*\/tmp\/.*, but findLeftovers found nothing/,
    ],
    scale: 0.5,
  },
  {
    mutant: "ignore-proxy",
    check: "faults",
    bug: "talks to its server directly, past the fault proxy it was given",
    caughtBy: [/^no fault was injected/, /^the injectors proxied no connection/],
    scale: 0.5,
  },
];

// What the suite reports when its own machinery failed (a worker that did not start, answer or live):
// such a run says nothing about the backend, so it must not count as the mutant being caught.
const INFRASTRUCTURE =
  /worker \d+ (failed waiting for|exited|killed by)|worker \d+: no .* within|needs tsx|never began its update/;

describe("the durability checks catch each broken backend for its own bug", () => {
  for (const { mutant, check, bug, caughtBy, scale } of CAUGHT) {
    it(`the ${check} check reports mutant ${mutant} (${bug})`, { timeout: 300_000 }, async () => {
      const options = naiveDirOptions(mutant, {
        scale,
        ...(check === "faults" ? { faults: naiveDirFaults } : {}),
      });
      const report = await runDurabilityCheck(options, check);
      console.log(`mutant ${mutant}: ${report.violations.length} violations, e.g. ${report.violations[0]}`);
      expect(
        report.violations.filter((v) => INFRASTRUCTURE.test(v)),
        "infrastructure failures",
      ).toEqual([]);
      for (const pattern of caughtBy) {
        expect(
          report.violations.filter((v) => pattern.test(v)),
          `violations matching ${pattern}`,
        ).not.toEqual([]);
      }
    });
  }
});
