import { beforeEach, describe, expect, it } from "vitest";
import {
  AttributeDoesNotExistException,
  BatchDeleteAttributesCommand,
  BatchPutAttributesCommand,
  ConditionalCheckFailedException,
  CreateDomainCommand,
  DeleteAttributesCommand,
  DeleteDomainCommand,
  DomainMetadataCommand,
  DuplicateItemNameException,
  GetAttributesCommand,
  InvalidNextTokenException,
  InvalidParameterValueException,
  InvalidQueryExpressionException,
  isSimpleDbError,
  ListDomainsCommand,
  NoSuchDomainException,
  NumberDomainsExceededException,
  NumberSubmittedItemsExceededException,
  PutAttributesCommand,
  paginateListDomains,
  paginateSelect,
  SelectCommand,
  type SimpleDbClient,
  type SimpleDbServiceException,
} from "../src/index.js";
import { sortPairs, TEST_DOMAIN, useLocalDomain } from "./local-fixture.js";

const fixture = useLocalDomain();
const D = TEST_DOMAIN;

/** Sends `command` and expects it to reject with an exception of class `type`. */
async function expectRejects(
  command: Parameters<SimpleDbClient["send"]>[0],
  type: new (...args: never[]) => SimpleDbServiceException,
): Promise<void> {
  await expect(fixture().client.send(command)).rejects.toBeInstanceOf(type);
}

async function get(itemName: string, domain = D) {
  const out = await fixture().client.send(
    new GetAttributesCommand({ DomainName: domain, ItemName: itemName, ConsistentRead: true }),
  );
  return sortPairs(out.Attributes);
}

describe("CreateDomain / DeleteDomain / ListDomains", () => {
  it("creates domains idempotently and lists them", async () => {
    await fixture().client.send(new CreateDomainCommand({ DomainName: "second" }));
    await fixture().client.send(new CreateDomainCommand({ DomainName: "second" }));
    const out = await fixture().client.send(new ListDomainsCommand({}));
    expect(out.DomainNames.sort()).toEqual(["second", D]);
    expect(out.NextToken).toBeUndefined();
    expect(out.$metadata.requestId).toBeTruthy();
  });

  it("deletes a domain, and deleting a missing domain succeeds", async () => {
    await fixture().client.send(new DeleteDomainCommand({ DomainName: D }));
    await fixture().client.send(new DeleteDomainCommand({ DomainName: "never-existed" }));
    expect((await fixture().client.send(new ListDomainsCommand({}))).DomainNames).toEqual([]);
  });

  it("rejects an invalid domain name with InvalidParameterValue", async () => {
    await expectRejects(new CreateDomainCommand({ DomainName: "a!" }), InvalidParameterValueException);
  });

  it("reports NumberDomainsExceeded past the domain quota", async () => {
    await fixture.restart({ limits: { maxDomains: 1 } });
    await fixture().client.send(new CreateDomainCommand({ DomainName: "one" }));
    await expectRejects(new CreateDomainCommand({ DomainName: "two" }), NumberDomainsExceededException);
  });

  it("pages through all domains with paginateListDomains", async () => {
    for (const n of ["d1x", "d2x", "d3x", "d4x"])
      await fixture().client.send(new CreateDomainCommand({ DomainName: n }));
    const pages: string[][] = [];
    for await (const page of paginateListDomains({ client: fixture().client, pageSize: 2 }, {}))
      pages.push(page.DomainNames);
    expect(pages.length).toBe(3);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(pages.flat().sort()).toEqual(["d1x", "d2x", "d3x", "d4x", D].sort());
  });

  it("rejects MaxNumberOfDomains outside 1..100 and a bogus NextToken", async () => {
    await expectRejects(new ListDomainsCommand({ MaxNumberOfDomains: 0 }), InvalidParameterValueException);
    await expectRejects(new ListDomainsCommand({ NextToken: "garbage" }), InvalidNextTokenException);
  });
});

describe("DomainMetadata", () => {
  it("counts items, names and values", async () => {
    await fixture().client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "i1",
        Attributes: [
          { Name: "a", Value: "1" },
          { Name: "a", Value: "2" },
        ],
      }),
    );
    await fixture().client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i2", Attributes: [{ Name: "b", Value: "333" }] }),
    );
    const out = await fixture().client.send(new DomainMetadataCommand({ DomainName: D }));
    expect(out).toMatchObject({
      ItemCount: 2,
      ItemNamesSizeBytes: 4,
      AttributeNameCount: 2,
      AttributeNamesSizeBytes: 2,
      AttributeValueCount: 3,
      AttributeValuesSizeBytes: 5,
    });
    expect(typeof out.Timestamp).toBe("number");
  });

  it("throws NoSuchDomain for an unknown domain", async () => {
    await expectRejects(new DomainMetadataCommand({ DomainName: "nope" }), NoSuchDomainException);
  });
});

describe("PutAttributes / GetAttributes", () => {
  it("adds values (multi-valued) and Replace clears the name once per request", async () => {
    await fixture().client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "c", Value: "red" }] }),
    );
    await fixture().client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "c", Value: "blue" }] }),
    );
    expect(await get("i")).toEqual([
      { Name: "c", Value: "blue" },
      { Name: "c", Value: "red" },
    ]);
    await fixture().client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "i",
        Attributes: [
          { Name: "c", Value: "green", Replace: true },
          { Name: "c", Value: "white", Replace: true },
        ],
      }),
    );
    expect(await get("i")).toEqual([
      { Name: "c", Value: "green" },
      { Name: "c", Value: "white" },
    ]);
  });

  it("round-trips values with characters that break naive signing", async () => {
    const values = [
      "it's (done)! *é~",
      "1+1=2 & a/b?c#d",
      "  padded  ",
      "line1\nline2",
      "😀 emoji",
      "%41 literal",
      "",
    ];
    await fixture().client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "weird item/€",
        Attributes: values.map((v, i) => ({ Name: `n${i}`, Value: v })),
      }),
    );
    expect(await get("weird item/€")).toEqual(values.map((v, i) => ({ Name: `n${i}`, Value: v })));
  });

  it("filters by AttributeNames", async () => {
    await fixture().client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "i",
        Attributes: [
          { Name: "a", Value: "1" },
          { Name: "b", Value: "2" },
        ],
      }),
    );
    const out = await fixture().client.send(
      new GetAttributesCommand({ DomainName: D, ItemName: "i", AttributeNames: ["b"], ConsistentRead: true }),
    );
    expect(out.Attributes).toEqual([{ Name: "b", Value: "2" }]);
  });

  it("returns no attributes for a missing item", async () => {
    expect(await get("missing")).toEqual([]);
  });

  it("throws NoSuchDomain for writes and reads on an unknown domain", async () => {
    await expectRejects(
      new PutAttributesCommand({
        DomainName: "nope",
        ItemName: "i",
        Attributes: [{ Name: "a", Value: "1" }],
      }),
      NoSuchDomainException,
    );
    await expectRejects(
      new GetAttributesCommand({ DomainName: "nope", ItemName: "i" }),
      NoSuchDomainException,
    );
  });

  it("decodes base64-encoded item names, attribute names and values", async () => {
    const name = "ctl\u0001name";
    const value = "nul\u0000value\u001f";
    await fixture().client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "item\u0002",
        Attributes: [{ Name: name, Value: value }],
      }),
    );
    expect(await get("item\u0002")).toEqual([{ Name: name, Value: value }]);
    const sel = await fixture().client.send(
      new SelectCommand({ SelectExpression: `select * from ${D}`, ConsistentRead: true }),
    );
    expect(sel.Items).toEqual([{ Name: "item\u0002", Attributes: [{ Name: name, Value: value }] }]);
  });

  it("rejects an empty attribute name with InvalidParameterValue", async () => {
    await expectRejects(
      new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "", Value: "x" }] }),
      InvalidParameterValueException,
    );
  });
});

describe("conditional writes", () => {
  const put = (value: string, Expected: { Name?: string; Value?: string; Exists?: boolean }) =>
    fixture().client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "job",
        Attributes: [{ Name: "v", Value: value, Replace: true }],
        Expected,
      }),
    );

  it("creates only if absent with Exists: false", async () => {
    await put("1", { Name: "v", Exists: false });
    const err = await put("2", { Name: "v", Exists: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect((err as SimpleDbServiceException).$metadata.httpStatusCode).toBe(409);
    expect(await get("job")).toEqual([{ Name: "v", Value: "1" }]);
  });

  it("updates only when the expected value matches", async () => {
    await put("1", { Name: "v", Exists: false });
    await put("2", { Name: "v", Value: "1" });
    await expect(put("3", { Name: "v", Value: "1" })).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(await get("job")).toEqual([{ Name: "v", Value: "2" }]);
  });

  it("throws AttributeDoesNotExist (404) when the expected attribute is absent", async () => {
    const err = await put("1", { Name: "v", Value: "0" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AttributeDoesNotExistException);
    expect((err as SimpleDbServiceException).$metadata.httpStatusCode).toBe(404);
  });

  it("deletes conditionally", async () => {
    await put("1", { Name: "v", Exists: false });
    await expectRejects(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "job", Expected: { Name: "v", Value: "9" } }),
      ConditionalCheckFailedException,
    );
    await fixture().client.send(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "job", Expected: { Name: "v", Value: "1" } }),
    );
    expect(await get("job")).toEqual([]);
  });

  it("reports $mayHaveApplied when a retry fails the condition its lost first attempt changed", async () => {
    await put("1", { Name: "v", Exists: false });
    fixture().server.setFaults({ script: [{ action: "PutAttributes", drop: true, phase: "after" }] });
    const err = await put("2", { Name: "v", Value: "1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(true);
    expect((err as SimpleDbServiceException).$metadata.attempts).toBe(2);
    expect(await get("job")).toEqual([{ Name: "v", Value: "2" }]);
  });

  it("reports $mayHaveApplied for a conditional delete after a 503 that was applied", async () => {
    await put("1", { Name: "v", Exists: false });
    fixture().server.setFaults({ script: [{ action: "DeleteAttributes", status: 503, phase: "after" }] });
    const err = await fixture()
      .client.send(
        new DeleteAttributesCommand({ DomainName: D, ItemName: "job", Expected: { Name: "v", Value: "1" } }),
      )
      .catch((e: unknown) => e);
    expect(isSimpleDbError(err, "AttributeDoesNotExist")).toBe(true);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(true);
  });
});

describe("DeleteAttributes", () => {
  beforeEach(async () => {
    await fixture().client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "i",
        Attributes: [
          { Name: "a", Value: "1" },
          { Name: "a", Value: "2" },
          { Name: "b", Value: "3" },
        ],
      }),
    );
  });

  it("deletes one pair when a value is given", async () => {
    await fixture().client.send(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] }),
    );
    expect(await get("i")).toEqual([
      { Name: "a", Value: "2" },
      { Name: "b", Value: "3" },
    ]);
  });

  it("deletes every value of a name when no value is given", async () => {
    await fixture().client.send(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a" }] }),
    );
    expect(await get("i")).toEqual([{ Name: "b", Value: "3" }]);
  });

  it("deletes the whole item without attributes, and again as a no-op", async () => {
    await fixture().client.send(new DeleteAttributesCommand({ DomainName: D, ItemName: "i" }));
    await fixture().client.send(new DeleteAttributesCommand({ DomainName: D, ItemName: "i" }));
    expect(await get("i")).toEqual([]);
  });
});

describe("BatchPutAttributes / BatchDeleteAttributes", () => {
  it("writes and deletes several items at once", async () => {
    await fixture().client.send(
      new BatchPutAttributesCommand({
        DomainName: D,
        Items: [
          { Name: "x", Attributes: [{ Name: "k", Value: "1" }] },
          {
            Name: "y",
            Attributes: [
              { Name: "k", Value: "2" },
              { Name: "m", Value: "3" },
            ],
          },
        ],
      }),
    );
    expect(await get("y")).toEqual([
      { Name: "k", Value: "2" },
      { Name: "m", Value: "3" },
    ]);
    await fixture().client.send(
      new BatchDeleteAttributesCommand({
        DomainName: D,
        Items: [{ Name: "x" }, { Name: "y", Attributes: [{ Name: "m" }] }],
      }),
    );
    expect(await get("x")).toEqual([]);
    expect(await get("y")).toEqual([{ Name: "k", Value: "2" }]);
  });

  it("rejects more than 25 items with NumberSubmittedItemsExceeded", async () => {
    const Items = Array.from({ length: 26 }, (_, i) => ({
      Name: `i${i}`,
      Attributes: [{ Name: "a", Value: "1" }],
    }));
    await expectRejects(
      new BatchPutAttributesCommand({ DomainName: D, Items }),
      NumberSubmittedItemsExceededException,
    );
  });

  it("rejects a duplicate item name with DuplicateItemName", async () => {
    const Items = [
      { Name: "same", Attributes: [{ Name: "a", Value: "1" }] },
      { Name: "same", Attributes: [{ Name: "a", Value: "2" }] },
    ];
    await expectRejects(new BatchPutAttributesCommand({ DomainName: D, Items }), DuplicateItemNameException);
  });
});

describe("Select", () => {
  beforeEach(async () => {
    await fixture().client.send(
      new BatchPutAttributesCommand({
        DomainName: D,
        Items: Array.from({ length: 7 }, (_, i) => ({
          Name: `item${i}`,
          Attributes: [
            { Name: "n", Value: String(i).padStart(3, "0") },
            { Name: "parity", Value: i % 2 === 0 ? "even" : "odd" },
          ],
        })),
      }),
    );
  });

  it("returns matching items with their attributes", async () => {
    const out = await fixture().client.send(
      new SelectCommand({
        SelectExpression: `select * from ${D} where parity = 'odd' and n > '002'`,
        ConsistentRead: true,
      }),
    );
    expect(out.Items.map((i) => i.Name).sort()).toEqual(["item3", "item5"]);
    expect(sortPairs(out.Items.find((i) => i.Name === "item3")!.Attributes)).toEqual([
      { Name: "n", Value: "003" },
      { Name: "parity", Value: "odd" },
    ]);
  });

  it("pages with limit through paginateSelect", async () => {
    const pages = [];
    for await (const page of paginateSelect(
      { client: fixture().client },
      {
        SelectExpression: `select itemName() from ${D} where n is not null order by n limit 3`,
        ConsistentRead: true,
      },
    )) {
      pages.push(page.Items.map((i) => i.Name));
    }
    expect(pages).toEqual([["item0", "item1", "item2"], ["item3", "item4", "item5"], ["item6"]]);
  });

  it("counts with count(*)", async () => {
    const out = await fixture().client.send(
      new SelectCommand({ SelectExpression: `select count(*) from ${D}`, ConsistentRead: true }),
    );
    expect(out.Items).toEqual([{ Name: "Domain", Attributes: [{ Name: "Count", Value: "7" }] }]);
  });

  it("throws InvalidQueryExpression for bad syntax and NoSuchDomain for an unknown domain", async () => {
    await expectRejects(
      new SelectCommand({ SelectExpression: "select from where" }),
      InvalidQueryExpressionException,
    );
    await expectRejects(new SelectCommand({ SelectExpression: "select * from nope" }), NoSuchDomainException);
  });
});
