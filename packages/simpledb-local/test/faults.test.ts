import { describe, expect, it } from "vitest";
import { expectSdbError, pairsOf, useServer } from "./helpers.js";

describe("scripted faults", () => {
  const t = useServer({ faults: { script: [{ action: "ListDomains", status: 503 }] } });

  it("answers the scripted request with 503 ServiceUnavailable, then succeeds", async () => {
    await expectSdbError(t.sdb.listDomains().promise(), "ServiceUnavailable", 503);
    const out = await t.sdb.listDomains().promise();
    expect(out.DomainNames ?? []).toEqual([]);
  });

  it("leaves requests of other actions alone", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    expect(t.server.faults?.script).toHaveLength(1);
  });

  it("answers status 500 with InternalError", async () => {
    t.server.setFaults({ script: [{ status: 500 }] });
    await expectSdbError(t.sdb.listDomains().promise(), "InternalError", 500);
  });

  it("drops the connection without a response", async () => {
    t.server.setFaults({ script: [{ action: "ListDomains", drop: true }] });
    const error = (await t.sdb
      .listDomains()
      .promise()
      .catch((e: unknown) => e)) as { code?: string; statusCode?: number };
    expect(error.statusCode).toBeUndefined();
    expect(error.code).toMatch(/NetworkingError|ECONNRESET|TimeoutError/);
    expect((await t.sdb.listDomains().promise()).DomainNames ?? []).toEqual([]);
  });

  it("delays a response by delayMs", async () => {
    t.server.setFaults({ script: [{ delayMs: 150 }] });
    const started = Date.now();
    await t.sdb.listDomains().promise();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("with phase after, applies the write and then loses the response", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    t.server.setFaults({ script: [{ action: "PutAttributes", status: 503, phase: "after" }] });
    const write = t.sdb
      .putAttributes({
        DomainName: "jobs",
        ItemName: "i",
        Attributes: [{ Name: "v", Value: "1" }],
        Expected: { Name: "v", Exists: false },
      })
      .promise();
    await expectSdbError(write, "ServiceUnavailable", 503);
    expect(await pairsOf(t.sdb, "jobs", "i")).toEqual(["v=1"]);
  });
});

describe("random faults", () => {
  const t = useServer();

  it("rate 1 fails every request of the listed actions with the listed statuses", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    t.server.setFaults({ rate: 1, statuses: [500], actions: ["GetAttributes"], seed: 7 });
    await expectSdbError(
      t.sdb.getAttributes({ DomainName: "jobs", ItemName: "i" }).promise(),
      "InternalError",
      500,
    );
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
  });

  it("a seeded rate fails a reproducible share of requests", async () => {
    const run = async () => {
      t.server.setFaults({ rate: 0.5, seed: 42 });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 40; i++)
        outcomes.push(
          await t.sdb
            .listDomains()
            .promise()
            .then(
              () => true,
              () => false,
            ),
        );
      return outcomes;
    };
    const first = await run();
    const second = await run();
    expect(first).toEqual(second);
    const failures = first.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it("setFaults(undefined) turns faults off", async () => {
    t.server.setFaults({ rate: 1 });
    await expectSdbError(t.sdb.listDomains().promise(), "ServiceUnavailable", 503);
    t.server.setFaults(undefined);
    await t.sdb.listDomains().promise();
    expect(t.server.faults).toBeUndefined();
  });
});

describe("request statistics", () => {
  const t = useServer();

  it("counts requests per action, including failed ones, until resetStats", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    for (let i = 0; i < 3; i++) {
      await t.sdb
        .putAttributes({ DomainName: "jobs", ItemName: `i${i}`, Attributes: [{ Name: "a", Value: "1" }] })
        .promise();
    }
    await t.sdb
      .getAttributes({ DomainName: "nope", ItemName: "i" })
      .promise()
      .catch(() => undefined);
    expect(t.server.stats()).toEqual({ CreateDomain: 1, PutAttributes: 3, GetAttributes: 1 });
    t.server.resetStats();
    expect(t.server.stats()).toEqual({});
  });

  it("reset() drops all data", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    t.server.reset();
    expect((await t.sdb.listDomains().promise()).DomainNames ?? []).toEqual([]);
  });
});
