import type { ObjectStore, WriteCondition } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useObjectStoreFixture } from "../fixture.js";
import { judgeRace } from "../judge-race.js";
import type { ObjectStoreSuiteOptions } from "../options.js";
import { startRacers } from "../race.js";
import { digest, randomData, testTimeout } from "../support.js";

function racerBodies(count: number, round: number): Buffer[] {
  return Array.from({ length: count }, (_, i) =>
    Buffer.concat([Buffer.from(`racer ${i} round ${round} `), randomData(1024)]),
  );
}

async function tagOf(store: ObjectStore, key: string): Promise<string | undefined> {
  return (await store.head(key, {}))?.tag;
}

/** Registers the multi-process races and the single-writer condition checks. */
export function registerConditionTests(options: ObjectStoreSuiteOptions): void {
  const timeout = testTimeout(options);
  const rounds = options.rounds ?? 3;

  /** Runs `rounds` races on fresh keys; `prepare` seeds a round's key and returns the racers' condition. */
  async function race(
    allowed: Parameters<typeof judgeRace>[2],
    prepare: (store: ObjectStore, key: string) => Promise<WriteCondition>,
  ): Promise<string[]> {
    const f = await useObjectStoreFixture(options);
    const pool = await startRacers(options, f.container);
    const violations: string[] = [];
    try {
      for (let round = 1; round <= rounds; round++) {
        const key = `race/${round}`;
        const condition = await prepare(f.store, key);
        const puts = await pool.race(round, key, condition, racerBodies(pool.size, round));
        violations.push(...judgeRace(`round ${round}`, puts, allowed, await f.store.get(key, {})));
      }
    } finally {
      await pool.stop();
    }
    return violations;
  }

  describe("conditions", () => {
    it(
      'exactly one of several processes creating one key with ifNoneMatch: "*" wins; the others lose with "exists"',
      async () => {
        const violations = await race(["exists"], async () => ({ ifNoneMatch: "*" }));
        expect(violations, "racing creates").toEqual([]);
      },
      testTimeout(options, 2),
    );

    it(
      'exactly one of several processes replacing one object conditioned on its tag wins; the others lose with "changed" or "conflict"',
      async () => {
        const violations = await race(["changed", "conflict"], async (store, key) => {
          const seeded = await store.put(key, randomData(100), undefined, {});
          if (!seeded.written) throw new Error(`seeding ${key} was not written`);
          return { ifMatch: seeded.tag };
        });
        expect(violations, "racing replaces").toEqual([]);
      },
      testTimeout(options, 2),
    );

    it(
      'a create of an existing key loses with "exists" and leaves the object as it was',
      async () => {
        const f = await useObjectStoreFixture(options);
        const data = randomData(50);
        const first = await f.store.put("k", data, { ifNoneMatch: "*" }, {});
        expect(first.written, "the first create").toBe(true);
        const second = await (await f.open()).put("k", randomData(60), { ifNoneMatch: "*" }, {});
        expect(second, "the second create").toMatchObject({ written: false, lost: "exists" });
        const got = await f.store.get("k", {});
        expect(got && digest(got.body), "the object after the lost create").toBe(digest(data));
      },
      timeout,
    );

    it(
      'a put with ifMatch on a missing key loses with "changed" and creates nothing',
      async () => {
        const f = await useObjectStoreFixture(options);
        const other = await f.store.put("other", randomData(5), undefined, {});
        const tag = other.written ? other.tag : "0123456789abcdef0123456789abcdef";
        const outcome = await f.store.put("missing", randomData(10), { ifMatch: tag }, {});
        expect(outcome, "put conditioned on a missing key").toMatchObject({
          written: false,
          lost: "changed",
        });
        expect(await f.store.head("missing", {}), "the missing key afterwards").toBeUndefined();
      },
      timeout,
    );

    it(
      'a put conditioned on a stale tag loses with "changed" and keeps the newer object',
      async () => {
        const f = await useObjectStoreFixture(options);
        const first = await f.store.put("k", randomData(10), undefined, {});
        const newer = randomData(20);
        await f.store.put("k", newer, undefined, {});
        const stale = first.written ? first.tag : "";
        const outcome = await (await f.open()).put("k", randomData(30), { ifMatch: stale }, {});
        expect(outcome, "put conditioned on the first tag").toMatchObject({
          written: false,
          lost: "changed",
        });
        const got = await f.store.get("k", {});
        expect(got && digest(got.body), "the object afterwards").toBe(digest(newer));
        const current = await tagOf(f.store, "k");
        const replaced = await f.store.put("k", randomData(40), { ifMatch: current as string }, {});
        expect(replaced.written, "put conditioned on the current tag").toBe(true);
      },
      timeout,
    );

    it(
      'ifMatch: "*" replaces an existing object and loses with "changed" on a missing key',
      async ({ skip }) => {
        const f = await useObjectStoreFixture(options);
        if (!f.capabilities.ifMatchAny) skip("capabilities.ifMatchAny is false");
        await f.store.put("k", randomData(10), undefined, {});
        expect(
          (await f.store.put("k", randomData(20), { ifMatch: "*" }, {})).written,
          "over an existing key",
        ).toBe(true);
        const missing = await f.store.put("absent", randomData(20), { ifMatch: "*" }, {});
        expect(missing, "on a missing key").toMatchObject({ written: false, lost: "changed" });
        expect(await f.store.head("absent", {}), "the missing key afterwards").toBeUndefined();
      },
      timeout,
    );

    it(
      "delete of a missing key succeeds; delete with ifMatch removes only the version it names",
      async ({ skip }) => {
        const f = await useObjectStoreFixture(options);
        expect(await f.store.delete("never-written", {}), "delete of a missing key").toBe(true);
        if (!f.capabilities.conditionalDelete) skip("capabilities.conditionalDelete is false");
        const first = await f.store.put("k", randomData(10), undefined, {});
        const second = await f.store.put("k", randomData(20), undefined, {});
        const stale = first.written ? first.tag : "";
        expect(
          await f.store.delete("k", { ifMatch: stale }),
          "delete conditioned on a replaced version",
        ).toBe(false);
        expect(await tagOf(f.store, "k"), "the object after the refused delete").toBe(
          second.written ? second.tag : "",
        );
        const current = second.written ? second.tag : "";
        expect(
          await f.store.delete("k", { ifMatch: current }),
          "delete conditioned on the current version",
        ).toBe(true);
        expect(await f.store.head("k", {}), "the object after the conditional delete").toBeUndefined();
      },
      timeout,
    );
  });
}
