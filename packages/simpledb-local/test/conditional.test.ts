import { describe, expect, it } from "vitest";
import { expectSdbError, pairsOf, rawRequest, seedItems, useServer } from "./helpers.js";

const D = "jobs";

describe("conditional PutAttributes", () => {
  const t = useServer();
  const seed = () => seedItems(t.sdb, D, { i: { version: "1", tag: ["x", "y"] } });
  const putIf = (expected: { Name?: string; Value?: string; Exists?: boolean }, item = "i") =>
    t.sdb
      .putAttributes({
        DomainName: D,
        ItemName: item,
        Attributes: [{ Name: "version", Value: "2", Replace: true }],
        Expected: expected,
      })
      .promise();

  it("with the expected current value applies the write", async () => {
    await seed();
    await putIf({ Name: "version", Value: "1" });
    expect(await pairsOf(t.sdb, D, "i")).toContain("version=2");
  });

  it("with a different expected value fails with ConditionalCheckFailed 409 and writes nothing", async () => {
    await seed();
    const error = await expectSdbError(putIf({ Name: "version", Value: "7" }), "ConditionalCheckFailed", 409);
    expect(error.message).toContain("(version)");
    expect(await pairsOf(t.sdb, D, "i")).toContain("version=1");
  });

  it("with Expected.Exists=false on an existing attribute fails with ConditionalCheckFailed 409", async () => {
    await seed();
    await expectSdbError(putIf({ Name: "version", Exists: false }), "ConditionalCheckFailed", 409);
  });

  it("with Expected.Exists=false on an absent attribute (or item) applies the write", async () => {
    await seed();
    await putIf({ Name: "lock", Exists: false });
    await putIf({ Name: "lock", Exists: false }, "brand-new");
    expect(await pairsOf(t.sdb, D, "brand-new")).toEqual(["version=2"]);
  });

  it("with an expected value on an absent attribute fails with AttributeDoesNotExist 404", async () => {
    await seed();
    await expectSdbError(putIf({ Name: "lock", Value: "1" }), "AttributeDoesNotExist", 404);
    await expectSdbError(putIf({ Name: "version", Value: "1" }, "ghost"), "AttributeDoesNotExist", 404);
  });

  it("on a multi-valued attribute fails with MultiValuedAttribute 409", async () => {
    await seed();
    await expectSdbError(putIf({ Name: "tag", Value: "x" }), "MultiValuedAttribute", 409);
  });

  it("with Exists=false and a Value fails with ExistsAndExpectedValue 400", async () => {
    await seed();
    await expectSdbError(
      putIf({ Name: "version", Value: "1", Exists: false }),
      "ExistsAndExpectedValue",
      400,
    );
  });

  it("with Exists=true and no Value fails with IncompleteExpectedExpression 400", async () => {
    await seed();
    await expectSdbError(putIf({ Name: "version", Exists: true }), "IncompleteExpectedExpression", 400);
  });

  it("accepts the indexed spelling Expected.1.Name/Value", async () => {
    await seed();
    const base = {
      Action: "PutAttributes",
      DomainName: D,
      ItemName: "i",
      "Attribute.1.Name": "version",
      "Attribute.1.Value": "3",
      "Attribute.1.Replace": "true",
    };
    const bad = await rawRequest(t.server.endpoint, {
      ...base,
      "Expected.1.Name": "version",
      "Expected.1.Value": "9",
    });
    expect([bad.status, bad.code]).toEqual([409, "ConditionalCheckFailed"]);
    const ok = await rawRequest(t.server.endpoint, {
      ...base,
      "Expected.1.Name": "version",
      "Expected.1.Value": "1",
    });
    expect(ok.status).toBe(200);
    expect(await pairsOf(t.sdb, D, "i")).toContain("version=3");
  });

  it("rejects two conditions with MultipleExpectedNames 400", async () => {
    await seed();
    const res = await rawRequest(t.server.endpoint, {
      Action: "PutAttributes",
      DomainName: D,
      ItemName: "i",
      "Attribute.1.Name": "a",
      "Attribute.1.Value": "1",
      "Expected.1.Name": "version",
      "Expected.1.Value": "1",
      "Expected.2.Name": "tag",
      "Expected.2.Exists": "false",
    });
    expect([res.status, res.code]).toEqual([400, "MultipleExpectedNames"]);
  });
});

describe("conditional DeleteAttributes", () => {
  const t = useServer();
  const seed = () => seedItems(t.sdb, D, { i: { version: "1" } });

  it("with the expected value deletes the item", async () => {
    await seed();
    await t.sdb
      .deleteAttributes({ DomainName: D, ItemName: "i", Expected: { Name: "version", Value: "1" } })
      .promise();
    expect(await pairsOf(t.sdb, D, "i")).toEqual([]);
  });

  it("with a stale expected value fails with ConditionalCheckFailed 409 and keeps the item", async () => {
    await seed();
    await expectSdbError(
      t.sdb
        .deleteAttributes({ DomainName: D, ItemName: "i", Expected: { Name: "version", Value: "0" } })
        .promise(),
      "ConditionalCheckFailed",
      409,
    );
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["version=1"]);
  });

  it("with an expected value on an absent attribute fails with AttributeDoesNotExist 404", async () => {
    await seed();
    await expectSdbError(
      t.sdb
        .deleteAttributes({ DomainName: D, ItemName: "i", Expected: { Name: "owner", Value: "me" } })
        .promise(),
      "AttributeDoesNotExist",
      404,
    );
  });

  it("with Exists=false on a present attribute fails with ConditionalCheckFailed", async () => {
    await seed();
    await expectSdbError(
      t.sdb
        .deleteAttributes({ DomainName: D, ItemName: "i", Expected: { Name: "version", Exists: false } })
        .promise(),
      "ConditionalCheckFailed",
      409,
    );
  });
});

describe("conditionalDeleteOnMissingAttribute: apply", () => {
  const t = useServer({ conditionalDeleteOnMissingAttribute: "apply" });

  it("performs a conditional delete whose attribute is absent", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await t.sdb
      .putAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    await t.sdb
      .deleteAttributes({ DomainName: D, ItemName: "i", Expected: { Name: "owner", Value: "me" } })
      .promise();
    expect(await pairsOf(t.sdb, D, "i")).toEqual([]);
  });
});
