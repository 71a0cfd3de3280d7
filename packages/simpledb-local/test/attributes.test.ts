import { describe, expect, it } from "vitest";
import { expectSdbError, metadataOf, pairsOf, rawRequest, seedItems, useServer } from "./helpers.js";

const D = "jobs";

describe("PutAttributes and GetAttributes", () => {
  const t = useServer();
  const put = (item: string, attrs: { Name: string; Value: string; Replace?: boolean }[]) =>
    t.sdb.putAttributes({ DomainName: D, ItemName: item, Attributes: attrs }).promise();

  it("stores pairs that GetAttributes returns", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [
      { Name: "a", Value: "1" },
      { Name: "b", Value: "2" },
    ]);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=1", "b=2"]);
  });

  it("adds values to a name instead of replacing them (multi-valued attribute)", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [{ Name: "a", Value: "1" }]);
    await put("i", [{ Name: "a", Value: "2" }]);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=1", "a=2"]);
  });

  it("treats re-putting an existing pair as a no-op", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [
      { Name: "a", Value: "1" },
      { Name: "a", Value: "1" },
    ]);
    await put("i", [{ Name: "a", Value: "1" }]);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=1"]);
  });

  it("Replace=true removes every old value of that name and keeps other names", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [
      { Name: "a", Value: "1" },
      { Name: "a", Value: "2" },
      { Name: "b", Value: "x" },
    ]);
    await put("i", [{ Name: "a", Value: "3", Replace: true }]);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=3", "b=x"]);
  });

  it("several Replace=true entries for one name keep all new values (the name is cleared once)", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [{ Name: "a", Value: "old" }]);
    await put("i", [
      { Name: "a", Value: "x", Replace: true },
      { Name: "a", Value: "y", Replace: true },
    ]);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=x", "a=y"]);
  });

  it("Replace=true on a name that does not exist just adds it", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [{ Name: "a", Value: "1", Replace: true }]);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=1"]);
  });

  it("GetAttributes with AttributeNames returns only those names", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [
      { Name: "a", Value: "1" },
      { Name: "b", Value: "2" },
      { Name: "c", Value: "3" },
    ]);
    const out = await t.sdb
      .getAttributes({ DomainName: D, ItemName: "i", AttributeNames: ["a", "c", "zz"] })
      .promise();
    expect((out.Attributes ?? []).map((a) => a.Name).sort()).toEqual(["a", "c"]);
  });

  it("GetAttributes of a missing item returns an empty result, not an error", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const out = await t.sdb.getAttributes({ DomainName: D, ItemName: "ghost" }).promise();
    expect(out.Attributes ?? []).toEqual([]);
    expect(metadataOf(out).BoxUsage).toMatch(/^0\.\d{10}$/);
  });

  it("accepts an empty attribute value", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await put("i", [{ Name: "a", Value: "" }]);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a="]);
  });

  it("fails on an unknown domain with NoSuchDomain 400", async () => {
    await expectSdbError(put("i", [{ Name: "a", Value: "1" }]), "NoSuchDomain", 400);
    await expectSdbError(
      t.sdb.getAttributes({ DomainName: "nope", ItemName: "i" }).promise(),
      "NoSuchDomain",
      400,
    );
  });

  it("groups Attribute.N by index, accepting index 0 and gaps", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const res = await rawRequest(t.server.endpoint, {
      Action: "PutAttributes",
      DomainName: D,
      ItemName: "i",
      "Attribute.0.Name": "a",
      "Attribute.0.Value": "zero",
      "Attribute.7.Name": "b",
      "Attribute.7.Value": "seven",
      "Attribute.10.Name": "c",
      "Attribute.10.Value": "ten",
    });
    expect(res.status).toBe(200);
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=zero", "b=seven", "c=ten"]);
  });

  const malformed: Array<{ behaviour: string; attributes: Record<string, string>; code: string }> = [
    {
      behaviour: "rejects a Replace flag other than true/false with InvalidParameterValue",
      attributes: { "Attribute.1.Name": "a", "Attribute.1.Value": "1", "Attribute.1.Replace": "yes" },
      code: "InvalidParameterValue",
    },
    {
      behaviour: "rejects a Name without a Value with MissingParameter",
      attributes: { "Attribute.1.Name": "a" },
      code: "MissingParameter",
    },
    {
      behaviour: "rejects a put without attributes with MissingParameter",
      attributes: {},
      code: "MissingParameter",
    },
  ];
  for (const { behaviour, attributes, code } of malformed) {
    it(behaviour, async () => {
      await t.sdb.createDomain({ DomainName: D }).promise();
      const res = await rawRequest(t.server.endpoint, {
        Action: "PutAttributes",
        DomainName: D,
        ItemName: "i",
        ...attributes,
      });
      expect([res.status, res.code]).toEqual([400, code]);
    });
  }
});

describe("PutAttributes domain-wide limits (lowered for the test)", () => {
  const t = useServer({ limits: { maxDomainPairs: 10, maxDomainBytes: 200 } });
  const many = (n: number, prefix = "n") =>
    Array.from({ length: n }, (_, i) => ({ Name: `${prefix}${i}`, Value: "v" }));

  it("rejects an empty attribute name with InvalidParameterValue", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await expectSdbError(
      t.sdb.putAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "", Value: "v" }] }).promise(),
      "InvalidParameterValue",
      400,
    );
  });

  it("fails with NumberDomainAttributesExceeded 409 when the domain would pass its pair limit", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await t.sdb.putAttributes({ DomainName: D, ItemName: "i", Attributes: many(8) }).promise();
    await expectSdbError(
      t.sdb.putAttributes({ DomainName: D, ItemName: "j", Attributes: many(3) }).promise(),
      "NumberDomainAttributesExceeded",
      409,
    );
  });

  it("fails with NumberDomainBytesExceeded 409 when the domain would pass its byte limit", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await expectSdbError(
      t.sdb
        .putAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "x".repeat(300) }] })
        .promise(),
      "NumberDomainBytesExceeded",
      409,
    );
  });
});

describe("PutAttributes item limits", () => {
  const t = useServer();
  it("accepts 1024-byte names and values and rejects 1025 bytes with InvalidParameterValue", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const long = "é".repeat(512); // 1024 UTF-8 bytes in 512 characters
    await t.sdb
      .putAttributes({ DomainName: D, ItemName: "ok", Attributes: [{ Name: "n", Value: long }] })
      .promise();
    expect(await pairsOf(t.sdb, D, "ok")).toEqual([`n=${long}`]);
    await expectSdbError(
      t.sdb
        .putAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: `${long}x`, Value: "v" }] })
        .promise(),
      "InvalidParameterValue",
      400,
    );
    await expectSdbError(
      t.sdb
        .putAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: `${long}x` }] })
        .promise(),
      "InvalidParameterValue",
      400,
    );
    await expectSdbError(
      t.sdb
        .putAttributes({ DomainName: D, ItemName: `${long}x`, Attributes: [{ Name: "a", Value: "v" }] })
        .promise(),
      "InvalidParameterValue",
      400,
    );
  });

  const many = (n: number, prefix = "n") =>
    Array.from({ length: n }, (_, i) => ({ Name: `${prefix}${i}`, Value: "v" }));

  it("accepts 256 pairs in one call and fails the 257th pair with NumberItemAttributesExceeded 409", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await t.sdb.putAttributes({ DomainName: D, ItemName: "i", Attributes: many(256) }).promise();
    await expectSdbError(
      t.sdb.putAttributes({ DomainName: D, ItemName: "i", Attributes: many(1, "extra") }).promise(),
      "NumberItemAttributesExceeded",
      409,
    );
    expect((await pairsOf(t.sdb, D, "i")).length).toBe(256);
  });

  it("fails 257 attributes in a single call with NumberSubmittedAttributesExceeded 409", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await expectSdbError(
      t.sdb.putAttributes({ DomainName: D, ItemName: "i", Attributes: many(257) }).promise(),
      "NumberSubmittedAttributesExceeded",
      409,
    );
  });
});

describe("DeleteAttributes", () => {
  const t = useServer();
  const seed = () => seedItems(t.sdb, D, { i: { a: ["1", "2"], b: "3" } });

  it("without attributes deletes the whole item", async () => {
    await seed();
    await t.sdb.deleteAttributes({ DomainName: D, ItemName: "i" }).promise();
    expect(await pairsOf(t.sdb, D, "i")).toEqual([]);
    expect((await t.sdb.domainMetadata({ DomainName: D }).promise()).ItemCount).toBe(0);
  });

  it("with a Name only removes every value of that name", async () => {
    await seed();
    await t.sdb.deleteAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a" }] }).promise();
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["b=3"]);
  });

  it("with a Name and Value removes just that pair", async () => {
    await seed();
    await t.sdb
      .deleteAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] })
      .promise();
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=2", "b=3"]);
  });

  it("deleting a pair that does not exist, or a missing item, is a no-op", async () => {
    await seed();
    await t.sdb
      .deleteAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "9" }] })
      .promise();
    await t.sdb.deleteAttributes({ DomainName: D, ItemName: "ghost" }).promise();
    expect(await pairsOf(t.sdb, D, "i")).toEqual(["a=1", "a=2", "b=3"]);
  });

  it("removing the last pair removes the item", async () => {
    await seed();
    await t.sdb
      .deleteAttributes({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a" }, { Name: "b" }] })
      .promise();
    expect((await t.sdb.domainMetadata({ DomainName: D }).promise()).ItemCount).toBe(0);
  });

  it("a Value without a Name fails with MissingParameter", async () => {
    await seed();
    const res = await rawRequest(t.server.endpoint, {
      Action: "DeleteAttributes",
      DomainName: D,
      ItemName: "i",
      "Attribute.1.Value": "1",
    });
    expect([res.status, res.code]).toEqual([400, "MissingParameter"]);
  });

  it("fails on an unknown domain with NoSuchDomain", async () => {
    await expectSdbError(
      t.sdb.deleteAttributes({ DomainName: "nope", ItemName: "i" }).promise(),
      "NoSuchDomain",
      400,
    );
  });
});
