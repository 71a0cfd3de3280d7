import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type BrokenOutcome, runBroken } from "../object-store/broken-run/run-broken.js";
import { FLAWS, type Flaw } from "./broken-layer.js";

// describeMetadataLayer has teeth: each broken layer (the object layer over the fs reference adapter,
// one obligation broken) fails the check written for its flaw, for the reason that flaw causes. The suite
// runs in a child vitest process (broken-run/), since a failing run cannot be asserted from inside itself.
const CAUGHT: Record<Flaw, { check: string; reason: string }> = {
  "ignores-expected-version": {
    check:
      "switchContent on a stale or missing record's version rejects with JOBSTORE_CONCURRENT_MODIFICATION",
    reason: "promise resolved",
  },
  "lists-other-kinds": {
    check: "listRecords yields every record of its kind once and never one of another kind",
    reason: "records of other kinds listed as file",
  },
  "update-creates": {
    check: "updateJob of a job never created or deleted rejects with JOBSTORE_NO_SUCH_JOB",
    reason: "promise resolved",
  },
  "ignores-abort": {
    check: "every method with a fired signal rejects with JOBSTORE_ABORTED",
    reason: "{ open: 'resolved'",
  },
};

describe("describeMetadataLayer catches every broken layer for its own reason", () => {
  let outcomes: Promise<Map<string, BrokenOutcome>> | undefined;
  const results = () => {
    outcomes ??= runBroken(Object.keys(FLAWS), {
      config: fileURLToPath(new URL("./broken-run/vitest.config.ts", import.meta.url)),
      suitePrefix: "metadata layer contract: broken ",
    });
    return outcomes;
  };

  for (const [flaw, { check, reason }] of Object.entries(CAUGHT)) {
    it(`${flaw}: fails "${check}" because ${reason}`, { timeout: 180_000 }, async () => {
      const outcome = (await results()).get(flaw);
      const failed = outcome?.failed.find((f) => f.test.includes(check));
      expect(failed, `failed checks: ${outcome?.failed.map((f) => f.test).join("; ")}`).toBeDefined();
      expect(failed?.message).toContain(reason);
    });
  }
});
