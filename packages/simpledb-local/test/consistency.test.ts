import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { pairsOf, useServer } from "./helpers.js";

// Reads may lag by this much; the waits below exceed it by a wide margin so slow CI cannot flake.
const STALE_MS = 300;

describe("eventual consistency (staleReadMs)", () => {
  const t = useServer({ consistency: { staleReadMs: STALE_MS } });

  it("an eventually consistent GetAttributes right after a put sees the old state", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    expect(await pairsOf(t.sdb, "jobs", "i", false)).toEqual([]);
  });

  it("a ConsistentRead GetAttributes always sees the latest write", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    for (let v = 1; v <= 3; v++) {
      await t.sdb
        .putAttributes({
          DomainName: "jobs",
          ItemName: "i",
          Attributes: [{ Name: "a", Value: String(v), Replace: true }],
        })
        .promise();
      expect(await pairsOf(t.sdb, "jobs", "i", true)).toEqual([`a=${v}`]);
    }
  });

  it("an eventually consistent read converges after staleReadMs", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    await sleep(STALE_MS + 200);
    expect(await pairsOf(t.sdb, "jobs", "i", false)).toEqual(["a=1"]);
  });

  it("an eventually consistent read can still see a deleted item; a consistent one cannot", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    await sleep(STALE_MS + 200);
    await t.sdb.deleteAttributes({ DomainName: "jobs", ItemName: "i" }).promise();
    expect(await pairsOf(t.sdb, "jobs", "i", false)).toEqual(["a=1"]);
    expect(await pairsOf(t.sdb, "jobs", "i", true)).toEqual([]);
  });

  it("Select without ConsistentRead may miss a fresh item; with ConsistentRead it never does", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    const stale = await t.sdb.select({ SelectExpression: "select * from jobs" }).promise();
    const fresh = await t.sdb
      .select({ SelectExpression: "select * from jobs", ConsistentRead: true })
      .promise();
    expect(stale.Items ?? []).toEqual([]);
    expect(fresh.Items?.map((i) => i.Name)).toEqual(["i"]);
  });

  it("conditional writes check the latest state, not the stale one", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "v", Value: "1" }] })
      .promise();
    await t.sdb
      .putAttributes({
        DomainName: "jobs",
        ItemName: "i",
        Attributes: [{ Name: "v", Value: "2", Replace: true }],
        Expected: { Name: "v", Value: "1" },
      })
      .promise();
    expect(await pairsOf(t.sdb, "jobs", "i", true)).toEqual(["v=2"]);
  });
});

describe("without a consistency option", () => {
  const t = useServer();

  it("every read sees the latest write", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    expect(await pairsOf(t.sdb, "jobs", "i", false)).toEqual(["a=1"]);
  });
});
