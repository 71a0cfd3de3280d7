import { afterEach, beforeEach, describe, expect, it } from "vitest";
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
  SimpleDbAbortError,
  SimpleDbClient,
  SimpleDbNetworkError,
  type SimpleDbServiceException,
} from "../../src/simpledb/index.js";
import { LOCAL_CREDENTIALS, sortPairs, startLocal } from "./local-fixture.js";

type Fixture = Awaited<ReturnType<typeof startLocal>>;
let fx: Fixture;
const D = "testdomain";

async function get(itemName: string, domain = D) {
  const out = await fx.client.send(
    new GetAttributesCommand({ DomainName: domain, ItemName: itemName, ConsistentRead: true }),
  );
  return sortPairs(out.Attributes);
}

beforeEach(async () => {
  fx = await startLocal();
  await fx.client.send(new CreateDomainCommand({ DomainName: D }));
});
afterEach(async () => {
  await fx.close();
});

describe("CreateDomain / DeleteDomain / ListDomains", () => {
  it("creates domains idempotently and lists them", async () => {
    await fx.client.send(new CreateDomainCommand({ DomainName: "second" }));
    await fx.client.send(new CreateDomainCommand({ DomainName: "second" }));
    const out = await fx.client.send(new ListDomainsCommand({}));
    expect(out.DomainNames.sort()).toEqual(["second", D]);
    expect(out.NextToken).toBeUndefined();
    expect(out.$metadata.requestId).toBeTruthy();
  });

  it("deletes a domain, and deleting a missing domain succeeds", async () => {
    await fx.client.send(new DeleteDomainCommand({ DomainName: D }));
    await fx.client.send(new DeleteDomainCommand({ DomainName: "never-existed" }));
    expect((await fx.client.send(new ListDomainsCommand({}))).DomainNames).toEqual([]);
  });

  it("rejects an invalid domain name with InvalidParameterValue", async () => {
    await expect(fx.client.send(new CreateDomainCommand({ DomainName: "a!" }))).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
  });

  it("reports NumberDomainsExceeded past the domain quota", async () => {
    await fx.close();
    fx = await startLocal({ limits: { maxDomains: 1 } });
    await fx.client.send(new CreateDomainCommand({ DomainName: "one" }));
    await expect(fx.client.send(new CreateDomainCommand({ DomainName: "two" }))).rejects.toBeInstanceOf(
      NumberDomainsExceededException,
    );
  });

  it("pages through all domains with paginateListDomains", async () => {
    for (const n of ["d1x", "d2x", "d3x", "d4x"])
      await fx.client.send(new CreateDomainCommand({ DomainName: n }));
    const pages: string[][] = [];
    for await (const page of paginateListDomains({ client: fx.client, pageSize: 2 }, {}))
      pages.push(page.DomainNames);
    expect(pages.length).toBe(3);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    expect(pages.flat().sort()).toEqual(["d1x", "d2x", "d3x", "d4x", D].sort());
  });

  it("rejects MaxNumberOfDomains outside 1..100 and a bogus NextToken", async () => {
    await expect(fx.client.send(new ListDomainsCommand({ MaxNumberOfDomains: 0 }))).rejects.toBeInstanceOf(
      InvalidParameterValueException,
    );
    await expect(fx.client.send(new ListDomainsCommand({ NextToken: "garbage" }))).rejects.toBeInstanceOf(
      InvalidNextTokenException,
    );
  });
});

describe("DomainMetadata", () => {
  it("counts items, names and values", async () => {
    await fx.client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "i1",
        Attributes: [
          { Name: "a", Value: "1" },
          { Name: "a", Value: "2" },
        ],
      }),
    );
    await fx.client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i2", Attributes: [{ Name: "b", Value: "333" }] }),
    );
    const out = await fx.client.send(new DomainMetadataCommand({ DomainName: D }));
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
    await expect(fx.client.send(new DomainMetadataCommand({ DomainName: "nope" }))).rejects.toBeInstanceOf(
      NoSuchDomainException,
    );
  });
});

describe("PutAttributes / GetAttributes", () => {
  it("adds values (multi-valued) and Replace clears the name once per request", async () => {
    await fx.client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "c", Value: "red" }] }),
    );
    await fx.client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "c", Value: "blue" }] }),
    );
    expect(await get("i")).toEqual([
      { Name: "c", Value: "blue" },
      { Name: "c", Value: "red" },
    ]);
    await fx.client.send(
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
    await fx.client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "weird item/€",
        Attributes: values.map((v, i) => ({ Name: `n${i}`, Value: v })),
      }),
    );
    expect(await get("weird item/€")).toEqual(values.map((v, i) => ({ Name: `n${i}`, Value: v })));
  });

  it("filters by AttributeNames", async () => {
    await fx.client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "i",
        Attributes: [
          { Name: "a", Value: "1" },
          { Name: "b", Value: "2" },
        ],
      }),
    );
    const out = await fx.client.send(
      new GetAttributesCommand({ DomainName: D, ItemName: "i", AttributeNames: ["b"], ConsistentRead: true }),
    );
    expect(out.Attributes).toEqual([{ Name: "b", Value: "2" }]);
  });

  it("returns no attributes for a missing item", async () => {
    expect(await get("missing")).toEqual([]);
  });

  it("throws NoSuchDomain for writes and reads on an unknown domain", async () => {
    await expect(
      fx.client.send(
        new PutAttributesCommand({
          DomainName: "nope",
          ItemName: "i",
          Attributes: [{ Name: "a", Value: "1" }],
        }),
      ),
    ).rejects.toBeInstanceOf(NoSuchDomainException);
    await expect(
      fx.client.send(new GetAttributesCommand({ DomainName: "nope", ItemName: "i" })),
    ).rejects.toBeInstanceOf(NoSuchDomainException);
  });

  it("decodes base64-encoded item names, attribute names and values", async () => {
    const name = "ctl\u0001name";
    const value = "nul\u0000value\u001f";
    await fx.client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "item\u0002",
        Attributes: [{ Name: name, Value: value }],
      }),
    );
    expect(await get("item\u0002")).toEqual([{ Name: name, Value: value }]);
    const sel = await fx.client.send(
      new SelectCommand({ SelectExpression: `select * from ${D}`, ConsistentRead: true }),
    );
    expect(sel.Items).toEqual([{ Name: "item\u0002", Attributes: [{ Name: name, Value: value }] }]);
  });

  it("rejects an empty attribute name with InvalidParameterValue", async () => {
    await expect(
      fx.client.send(
        new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "", Value: "x" }] }),
      ),
    ).rejects.toBeInstanceOf(InvalidParameterValueException);
  });
});

describe("conditional writes", () => {
  const put = (value: string, Expected: { Name?: string; Value?: string; Exists?: boolean }) =>
    fx.client.send(
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
    await expect(
      fx.client.send(
        new DeleteAttributesCommand({ DomainName: D, ItemName: "job", Expected: { Name: "v", Value: "9" } }),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await fx.client.send(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "job", Expected: { Name: "v", Value: "1" } }),
    );
    expect(await get("job")).toEqual([]);
  });

  it("reports $mayHaveApplied when a retry fails the condition its lost first attempt changed", async () => {
    await put("1", { Name: "v", Exists: false });
    fx.server.setFaults({ script: [{ action: "PutAttributes", drop: true, phase: "after" }] });
    const err = await put("2", { Name: "v", Value: "1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(true);
    expect((err as SimpleDbServiceException).$metadata.attempts).toBe(2);
    expect(await get("job")).toEqual([{ Name: "v", Value: "2" }]);
  });

  it("reports $mayHaveApplied for a conditional delete after a 503 that was applied", async () => {
    await put("1", { Name: "v", Exists: false });
    fx.server.setFaults({ script: [{ action: "DeleteAttributes", status: 503, phase: "after" }] });
    const err = await fx.client
      .send(
        new DeleteAttributesCommand({ DomainName: D, ItemName: "job", Expected: { Name: "v", Value: "1" } }),
      )
      .catch((e: unknown) => e);
    expect(isSimpleDbError(err, "AttributeDoesNotExist")).toBe(true);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(true);
  });
});

describe("DeleteAttributes", () => {
  beforeEach(async () => {
    await fx.client.send(
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
    await fx.client.send(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] }),
    );
    expect(await get("i")).toEqual([
      { Name: "a", Value: "2" },
      { Name: "b", Value: "3" },
    ]);
  });

  it("deletes every value of a name when no value is given", async () => {
    await fx.client.send(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a" }] }),
    );
    expect(await get("i")).toEqual([{ Name: "b", Value: "3" }]);
  });

  it("deletes the whole item without attributes, and again as a no-op", async () => {
    await fx.client.send(new DeleteAttributesCommand({ DomainName: D, ItemName: "i" }));
    await fx.client.send(new DeleteAttributesCommand({ DomainName: D, ItemName: "i" }));
    expect(await get("i")).toEqual([]);
  });
});

describe("BatchPutAttributes / BatchDeleteAttributes", () => {
  it("writes and deletes several items at once", async () => {
    await fx.client.send(
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
    await fx.client.send(
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
    await expect(
      fx.client.send(new BatchPutAttributesCommand({ DomainName: D, Items })),
    ).rejects.toBeInstanceOf(NumberSubmittedItemsExceededException);
  });

  it("rejects a duplicate item name with DuplicateItemName", async () => {
    const Items = [
      { Name: "same", Attributes: [{ Name: "a", Value: "1" }] },
      { Name: "same", Attributes: [{ Name: "a", Value: "2" }] },
    ];
    await expect(
      fx.client.send(new BatchPutAttributesCommand({ DomainName: D, Items })),
    ).rejects.toBeInstanceOf(DuplicateItemNameException);
  });
});

describe("Select", () => {
  beforeEach(async () => {
    await fx.client.send(
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
    const out = await fx.client.send(
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
      { client: fx.client },
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
    const out = await fx.client.send(
      new SelectCommand({ SelectExpression: `select count(*) from ${D}`, ConsistentRead: true }),
    );
    expect(out.Items).toEqual([{ Name: "Domain", Attributes: [{ Name: "Count", Value: "7" }] }]);
  });

  it("throws InvalidQueryExpression for bad syntax and NoSuchDomain for an unknown domain", async () => {
    await expect(
      fx.client.send(new SelectCommand({ SelectExpression: "select from where" })),
    ).rejects.toBeInstanceOf(InvalidQueryExpressionException);
    await expect(
      fx.client.send(new SelectCommand({ SelectExpression: "select * from nope" })),
    ).rejects.toBeInstanceOf(NoSuchDomainException);
  });
});

describe("retries against injected faults", () => {
  it("recovers from injected 503s and counts the attempts", async () => {
    fx.server.setFaults({ script: [{ status: 503 }, { status: 500 }] });
    fx.server.resetStats();
    const out = await fx.client.send(new ListDomainsCommand({}));
    expect(out.DomainNames).toEqual([D]);
    expect(out.$metadata.attempts).toBe(3);
    expect(fx.server.stats().ListDomains).toBe(3);
  });

  it("recovers from dropped connections", async () => {
    fx.server.setFaults({
      script: [
        { action: "GetAttributes", drop: true },
        { action: "GetAttributes", drop: true },
      ],
    });
    const out = await fx.client.send(new GetAttributesCommand({ DomainName: D, ItemName: "x" }));
    expect(out.$metadata.attempts).toBe(3);
  });

  it("survives a random 30% fault rate over many requests", async () => {
    fx.server.setFaults({ rate: 0.3, statuses: [500, 503], seed: 42 });
    for (let i = 0; i < 30; i++) {
      await fx.client.send(
        new PutAttributesCommand({
          DomainName: D,
          ItemName: `i${i}`,
          Attributes: [{ Name: "a", Value: String(i) }],
        }),
      );
    }
    fx.server.setFaults(undefined);
    const out = await fx.client.send(
      new SelectCommand({ SelectExpression: `select count(*) from ${D}`, ConsistentRead: true }),
    );
    expect(out.Items[0]?.Attributes[0]?.Value).toBe("30");
  });

  it("does not retry a 4xx", async () => {
    fx.server.resetStats();
    await expect(
      fx.client.send(new GetAttributesCommand({ DomainName: "nope", ItemName: "x" })),
    ).rejects.toBeInstanceOf(NoSuchDomainException);
    expect(fx.server.stats().GetAttributes).toBe(1);
  });

  it("gives up with SimpleDbNetworkError when every attempt is dropped", async () => {
    fx.server.setFaults({ script: Array.from({ length: 3 }, () => ({ drop: true })) });
    const client = new SimpleDbClient({
      endpoint: fx.server.endpoint,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 3,
      retryBaseDelayMs: 1,
    });
    try {
      const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SimpleDbNetworkError);
      expect((err as SimpleDbNetworkError).$metadata.attempts).toBe(3);
    } finally {
      client.destroy();
    }
  });
});

describe("authentication", () => {
  it("rejects a wrong secret with SignatureDoesNotMatch and does not retry", async () => {
    const client = new SimpleDbClient({
      endpoint: fx.server.endpoint,
      credentials: { ...LOCAL_CREDENTIALS, secretAccessKey: "wrong" },
    });
    fx.server.resetStats();
    try {
      const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
      expect(isSimpleDbError(err, "SignatureDoesNotMatch")).toBe(true);
      expect((err as SimpleDbServiceException).$metadata.httpStatusCode).toBe(403);
      expect(fx.server.stats().ListDomains).toBe(1);
    } finally {
      client.destroy();
    }
  });

  it("accepts temporary credentials whose SecurityToken is signed", async () => {
    const client = new SimpleDbClient({
      endpoint: fx.server.endpoint,
      credentials: async () => ({ ...LOCAL_CREDENTIALS, sessionToken: "tok/en+=" }),
    });
    try {
      expect((await client.send(new ListDomainsCommand({}))).DomainNames).toEqual([D]);
    } finally {
      client.destroy();
    }
  });
});

describe("abort", () => {
  it("aborts a slow request", async () => {
    fx.server.setFaults({ script: [{ action: "ListDomains", delayMs: 3000 }] });
    const started = Date.now();
    await expect(
      fx.client.send(new ListDomainsCommand({}), { abortSignal: AbortSignal.timeout(50) }),
    ).rejects.toBeInstanceOf(SimpleDbAbortError);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("aborts paging through a paginator", async () => {
    const ac = new AbortController();
    for (const n of ["d1x", "d2x"]) await fx.client.send(new CreateDomainCommand({ DomainName: n }));
    const pages = paginateListDomains({ client: fx.client, pageSize: 1, abortSignal: ac.signal }, {});
    await pages.next();
    ac.abort();
    await expect(pages.next()).rejects.toBeInstanceOf(SimpleDbAbortError);
  });
});

describe("consistency", () => {
  it("ConsistentRead sees a write that a stale read does not", async () => {
    await fx.close();
    fx = await startLocal({ consistency: { staleReadMs: 60_000 } });
    await fx.client.send(new CreateDomainCommand({ DomainName: D }));
    await fx.client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] }),
    );
    const stale = await fx.client.send(new GetAttributesCommand({ DomainName: D, ItemName: "i" }));
    const fresh = await fx.client.send(
      new GetAttributesCommand({ DomainName: D, ItemName: "i", ConsistentRead: true }),
    );
    expect(stale.Attributes).toEqual([]);
    expect(fresh.Attributes).toEqual([{ Name: "a", Value: "1" }]);
  });
});
