import { describe, expect, it } from "vitest";
import { expectSdbError, pairsOf, rawRequest, useServer } from "./helpers.js";

const D = "jobs";
const item = (name: string, value = "v") => ({ Name: name, Attributes: [{ Name: "a", Value: value }] });

describe("BatchPutAttributes", () => {
  const t = useServer();

  it("writes 25 items in one call", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const items = Array.from({ length: 25 }, (_, i) => item(`i${i}`));
    await t.sdb.batchPutAttributes({ DomainName: D, Items: items }).promise();
    expect((await t.sdb.domainMetadata({ DomainName: D }).promise()).ItemCount).toBe(25);
  });

  it("fails 26 items with NumberSubmittedItemsExceeded 409", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const items = Array.from({ length: 26 }, (_, i) => item(`i${i}`));
    await expectSdbError(
      t.sdb.batchPutAttributes({ DomainName: D, Items: items }).promise(),
      "NumberSubmittedItemsExceeded",
      409,
    );
  });

  it("fails a repeated item name with DuplicateItemName 400", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await expectSdbError(
      t.sdb.batchPutAttributes({ DomainName: D, Items: [item("x"), item("x")] }).promise(),
      "DuplicateItemName",
      400,
    );
  });

  it("is all-or-nothing: one invalid item means no item is written", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const bad = { Name: "bad", Attributes: [{ Name: "", Value: "v" }] };
    await expectSdbError(
      t.sdb.batchPutAttributes({ DomainName: D, Items: [item("good"), bad] }).promise(),
      "InvalidParameterValue",
      400,
    );
    expect(await pairsOf(t.sdb, D, "good")).toEqual([]);
  });

  it("is all-or-nothing on limits: an item passing 256 pairs fails the batch with NumberItemAttributesExceeded", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const attrs = Array.from({ length: 200 }, (_, i) => ({ Name: `n${i}`, Value: "v" }));
    await t.sdb.putAttributes({ DomainName: D, ItemName: "full", Attributes: attrs }).promise();
    const more = {
      Name: "full",
      Attributes: Array.from({ length: 57 }, (_, i) => ({ Name: `m${i}`, Value: "v" })),
    };
    await expectSdbError(
      t.sdb.batchPutAttributes({ DomainName: D, Items: [item("other"), more] }).promise(),
      "NumberItemAttributesExceeded",
      409,
    );
    expect(await pairsOf(t.sdb, D, "other")).toEqual([]);
  });

  it("fails more than 256 attributes for one item with NumberSubmittedAttributesExceeded 409", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const big = {
      Name: "x",
      Attributes: Array.from({ length: 257 }, (_, i) => ({ Name: `n${i}`, Value: "v" })),
    };
    await expectSdbError(
      t.sdb.batchPutAttributes({ DomainName: D, Items: [big] }).promise(),
      "NumberSubmittedAttributesExceeded",
      409,
    );
  });

  it("rejects a request over 1 MB", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const value = "x".repeat(1024);
    const items = Array.from({ length: 25 }, (_, i) => ({
      Name: `i${i}`,
      Attributes: Array.from({ length: 45 }, (_, j) => ({ Name: `n${j}`, Value: value })),
    }));
    await expectSdbError(
      t.sdb.batchPutAttributes({ DomainName: D, Items: items }).promise(),
      "InvalidParameterValue",
      400,
    );
    expect((await t.sdb.domainMetadata({ DomainName: D }).promise()).ItemCount).toBe(0);
  });

  it("rejects the per-item Replace flag with FeatureDeprecated", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const res = await rawRequest(t.server.endpoint, {
      Action: "BatchPutAttributes",
      DomainName: D,
      "Item.1.ItemName": "x",
      "Item.1.Replace": "true",
      "Item.1.Attribute.1.Name": "a",
      "Item.1.Attribute.1.Value": "1",
    });
    expect([res.status, res.code]).toEqual([400, "FeatureDeprecated"]);
  });

  it("rejects an item without attributes with MissingParameter", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const res = await rawRequest(t.server.endpoint, {
      Action: "BatchPutAttributes",
      DomainName: D,
      "Item.1.ItemName": "x",
    });
    expect([res.status, res.code]).toEqual([400, "MissingParameter"]);
  });

  it("fails on an unknown domain with NoSuchDomain", async () => {
    await expectSdbError(
      t.sdb.batchPutAttributes({ DomainName: "nope", Items: [item("x")] }).promise(),
      "NoSuchDomain",
      400,
    );
  });
});

describe("BatchDeleteAttributes", () => {
  const t = useServer();

  it("deletes whole items and single pairs in one call", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await t.sdb
      .batchPutAttributes({
        DomainName: D,
        Items: [
          item("gone"),
          {
            Name: "kept",
            Attributes: [
              { Name: "a", Value: "1" },
              { Name: "a", Value: "2" },
            ],
          },
        ],
      })
      .promise();
    await t.sdb
      .batchDeleteAttributes({
        DomainName: D,
        Items: [
          { Name: "gone" },
          { Name: "kept", Attributes: [{ Name: "a", Value: "1" }] },
          { Name: "never" },
        ],
      })
      .promise();
    expect(await pairsOf(t.sdb, D, "gone")).toEqual([]);
    expect(await pairsOf(t.sdb, D, "kept")).toEqual(["a=2"]);
  });

  it("fails 26 items with NumberSubmittedItemsExceeded 409", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    const items = Array.from({ length: 26 }, (_, i) => ({ Name: `i${i}` }));
    await expectSdbError(
      t.sdb.batchDeleteAttributes({ DomainName: D, Items: items }).promise(),
      "NumberSubmittedItemsExceeded",
      409,
    );
  });

  it("fails a repeated item name with DuplicateItemName 400", async () => {
    await t.sdb.createDomain({ DomainName: D }).promise();
    await expectSdbError(
      t.sdb.batchDeleteAttributes({ DomainName: D, Items: [{ Name: "x" }, { Name: "x" }] }).promise(),
      "DuplicateItemName",
      400,
    );
  });

  it("fails on an unknown domain with NoSuchDomain", async () => {
    await expectSdbError(
      t.sdb.batchDeleteAttributes({ DomainName: "nope", Items: [{ Name: "x" }] }).promise(),
      "NoSuchDomain",
      400,
    );
  });
});
