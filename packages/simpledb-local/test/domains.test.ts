import { describe, expect, it } from "vitest";
import { expectSdbError, metadataOf, rawRequest, useServer } from "./helpers.js";

describe("CreateDomain", () => {
  const t = useServer();

  it("creates a domain that ListDomains then returns", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    const out = await t.sdb.listDomains().promise();
    expect(out.DomainNames).toEqual(["jobs"]);
  });

  it("is idempotent: creating an existing domain succeeds and keeps its items", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    const meta = await t.sdb.domainMetadata({ DomainName: "jobs" }).promise();
    expect(meta.ItemCount).toBe(1);
  });

  it.each(["ab", "has space", "x".repeat(256), "bad/char"])(
    "rejects the invalid name %j with InvalidParameterValue 400",
    async (name) => {
      await expectSdbError(t.sdb.createDomain({ DomainName: name }).promise(), "InvalidParameterValue", 400);
    },
  );

  it("rejects a request without DomainName with MissingParameter 400", async () => {
    const res = await rawRequest(t.server.endpoint, { Action: "CreateDomain" });
    expect(res.status).toBe(400);
    expect(res.code).toBe("MissingParameter");
  });

  it("fails the 251st domain with NumberDomainsExceeded 409", async () => {
    await Promise.all(
      Array.from({ length: 250 }, (_, i) =>
        t.sdb.createDomain({ DomainName: `d${String(i).padStart(3, "0")}` }).promise(),
      ),
    );
    await expectSdbError(
      t.sdb.createDomain({ DomainName: "one-too-many" }).promise(),
      "NumberDomainsExceeded",
      409,
    );
    // Re-creating an existing one is still fine at the quota.
    await t.sdb.createDomain({ DomainName: "d000" }).promise();
  }, 30_000);
});

describe("DeleteDomain", () => {
  const t = useServer();

  it("removes the domain and its items", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    await t.sdb.deleteDomain({ DomainName: "jobs" }).promise();
    expect((await t.sdb.listDomains().promise()).DomainNames ?? []).toEqual([]);
    await expectSdbError(
      t.sdb.getAttributes({ DomainName: "jobs", ItemName: "i" }).promise(),
      "NoSuchDomain",
      400,
    );
  });

  it("succeeds for a domain that does not exist", async () => {
    const out = await t.sdb.deleteDomain({ DomainName: "never-created" }).promise();
    expect(metadataOf(out).RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("ListDomains", () => {
  const t = useServer();

  it("pages with MaxNumberOfDomains and NextToken until every domain was seen once", async () => {
    const names = ["alpha", "bravo", "charlie", "delta", "echo"];
    for (const name of [...names].reverse()) await t.sdb.createDomain({ DomainName: name }).promise();
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await t.sdb.listDomains({ MaxNumberOfDomains: 2, NextToken: token }).promise();
      seen.push(...(out.DomainNames ?? []));
      token = out.NextToken;
      pages++;
    } while (token !== undefined);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
  });

  it("omits NextToken when everything fits", async () => {
    await t.sdb.createDomain({ DomainName: "alpha" }).promise();
    const out = await t.sdb.listDomains({ MaxNumberOfDomains: 1 }).promise();
    expect(out.DomainNames).toEqual(["alpha"]);
    expect(out.NextToken).toBeUndefined();
  });

  it.each([0, 101])("rejects MaxNumberOfDomains=%i with InvalidParameterValue", async (max) => {
    await expectSdbError(
      t.sdb.listDomains({ MaxNumberOfDomains: max }).promise(),
      "InvalidParameterValue",
      400,
    );
  });

  it("rejects a forged NextToken with InvalidNextToken", async () => {
    await expectSdbError(t.sdb.listDomains({ NextToken: "garbage!" }).promise(), "InvalidNextToken", 400);
  });
});

describe("DomainMetadata", () => {
  const t = useServer();

  it("reports item, name and value counts and byte sizes", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({
        DomainName: "jobs",
        ItemName: "item1",
        Attributes: [
          { Name: "color", Value: "red" },
          { Name: "color", Value: "blue" },
        ],
      })
      .promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i2", Attributes: [{ Name: "size", Value: "é" }] })
      .promise();
    const meta = await t.sdb.domainMetadata({ DomainName: "jobs" }).promise();
    expect(meta).toMatchObject({
      ItemCount: 2,
      ItemNamesSizeBytes: 7,
      AttributeNameCount: 2,
      AttributeNamesSizeBytes: 9,
      AttributeValueCount: 3,
      AttributeValuesSizeBytes: 9,
    });
    expect(Math.abs((meta.Timestamp ?? 0) - Date.now() / 1000)).toBeLessThan(5);
  });

  it("fails for an unknown domain with NoSuchDomain 400", async () => {
    await expectSdbError(t.sdb.domainMetadata({ DomainName: "nope" }).promise(), "NoSuchDomain", 400);
  });
});
