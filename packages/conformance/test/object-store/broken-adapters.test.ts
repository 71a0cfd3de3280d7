import { afterAll, describe, it } from "vitest";
import { FLAWS, type Flaw } from "./broken-object-store.js";
import { type BrokenOutcome, runBroken } from "./broken-run/run-broken.js";

// describeObjectStore has teeth: each broken adapter fails the check written for its flaw, for the
// reason that flaw causes (the check's own assertion message or the error it planted), not merely
// "something failed". The suite runs in a child vitest process (test/object-store/broken-run/).
const CAUGHT: Record<Flaw, { check: string; reason: string }> = {
  "ignores-conditions": {
    check: 'exactly one of several processes creating one key with ifNoneMatch: "*" wins',
    reason: "racers were told they won",
  },
  "check-then-write": {
    check: "exactly one of several processes replacing one object conditioned on its tag wins",
    reason: "racers were told they won",
  },
  "stale-listing": {
    check: "a listing right after writes shows every new key under the prefix",
    reason: "keys listed right after their writes",
  },
  "abort-leaves-upload": {
    check: "abortUpload removes the upload from listUploads",
    reason: "uploads listed after abortUpload",
  },
  "aborted-as-transient": {
    check: 'every operation with a fired signal rejects with an ObjectStoreError of kind "aborted"',
    reason: "ObjectStoreError(transient)",
  },
  "plain-errors": {
    check: "on a destroyed container head, delete and deleteMany answer as for an absent key",
    reason: "not an ObjectStoreError",
  },
  "missing-is-error": {
    check: "get, open and head of a missing key resolve undefined",
    reason: "absent does not exist",
  },
  "raw-stream-errors": {
    check: "a signal fired while an opened object streams ends the stream with an ObjectStoreError",
    reason: "Error (not an ObjectStoreError)",
  },
  "range-end-exclusive": {
    check: "ranged reads give the first byte, the last byte",
    reason: "get of bytes 10-19",
  },
};

describe("describeObjectStore catches every broken adapter for its own reason", () => {
  let outcomes: Promise<Map<string, BrokenOutcome>> | undefined;
  const results = () => {
    outcomes ??= runBroken(Object.keys(FLAWS));
    return outcomes;
  };

  afterAll(async () => {
    if (!outcomes) return;
    // The table behind the README's "Broken adapters the suite catches".
    const lines = [...(await outcomes)].map(
      ([flaw, o]) =>
        `${flaw}: ${o.failed.length} failed, ${o.passed} passed, ${o.skipped} skipped\n    ${o.failed.map((f) => f.test).join("\n    ")}`,
    );
    console.log(`broken adapters caught:\n${lines.join("\n")}`);
  });

  for (const [flaw, bug] of Object.entries(FLAWS) as Array<[Flaw, string]>) {
    const { check, reason } = CAUGHT[flaw];
    it(`${flaw} (${bug}) fails "${check}" because of ${JSON.stringify(reason)}`, {
      timeout: 900_000,
    }, async ({ expect }) => {
      const outcome = (await results()).get(flaw);
      expect(outcome?.passed, "the child run ran the suite on this adapter").toBeGreaterThan(0);
      const failure = outcome?.failed.find((f) => f.test.includes(check));
      expect(
        failure?.test,
        `the failed tests: ${outcome?.failed.map((f) => f.test).join(" | ")}`,
      ).toBeDefined();
      expect(failure?.message, "why the check failed").toContain(reason);
    });
  }
});
