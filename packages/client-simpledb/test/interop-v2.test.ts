/**
 * Cross-check against the independent legacy AWS SDK v2 (`AWS.SimpleDB`):
 * both clients talk to the same simpledb-local server, one writes and the
 * other reads, and their outputs must agree.
 */
import type SimpleDB from "aws-sdk/clients/simpledb.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  BatchDeleteAttributesCommand,
  BatchPutAttributesCommand,
  CreateDomainCommand,
  DeleteAttributesCommand,
  DomainMetadataCommand,
  GetAttributesCommand,
  ListDomainsCommand,
  PutAttributesCommand,
  paginateListDomains,
  paginateSelect,
  SelectCommand,
  type SimpleDbServiceException,
} from "../src/index.js";
import { LOCAL_CREDENTIALS, sortPairs, startLocal } from "./local-fixture.js";

// Imported after setting the flag: a static import would be hoisted above it
// and print SDK v2's end-of-support banner.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
const { default: SimpleDBClientV2 } = await import("aws-sdk/clients/simpledb.js");

type Fixture = Awaited<ReturnType<typeof startLocal>>;
let fx: Fixture;
let v2: SimpleDB;
const D = "interop";

// SDK v2 returns base64-encoded names/values as Buffers; compare as strings.
function str(v: unknown): string {
  return Buffer.isBuffer(v) ? v.toString("utf8") : String(v);
}
function v2Pairs(attrs: SimpleDB.AttributeList | undefined) {
  return sortPairs((attrs ?? []).map((a) => ({ Name: str(a.Name), Value: str(a.Value) })));
}
function v2Items(items: SimpleDB.ItemList | undefined) {
  return (items ?? []).map((i) => ({ Name: str(i.Name), Attributes: v2Pairs(i.Attributes) }));
}
function ourItems(items: { Name: string; Attributes: { Name: string; Value: string }[] }[]) {
  return items.map((i) => ({ Name: i.Name, Attributes: sortPairs(i.Attributes) }));
}

async function ours(item: string) {
  return sortPairs(
    (await fx.client.send(new GetAttributesCommand({ DomainName: D, ItemName: item, ConsistentRead: true })))
      .Attributes,
  );
}
async function theirs(item: string) {
  return v2Pairs(
    (await v2.getAttributes({ DomainName: D, ItemName: item, ConsistentRead: true }).promise()).Attributes,
  );
}

beforeEach(async () => {
  fx = await startLocal();
  v2 = new SimpleDBClientV2({
    endpoint: fx.server.endpoint,
    region: "us-east-1",
    credentials: LOCAL_CREDENTIALS,
    maxRetries: 0,
  });
  await fx.client.send(new CreateDomainCommand({ DomainName: D }));
});
afterEach(async () => {
  await fx.close();
});

const TRICKY = [
  "plain",
  "it's (done)! *é~",
  "1+1=2&x=/",
  "  spaced  ",
  "multi\nline",
  "ctl\u0001char",
  "nul\u0000",
  "😀",
  "",
];

describe("writes by our client, reads by SDK v2", () => {
  it("agree on GetAttributes for tricky names and values, multi-valued and replaced", async () => {
    await fx.client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "item/ü",
        Attributes: TRICKY.map((v, i) => ({ Name: `n${i % 4}`, Value: v })),
      }),
    );
    await fx.client.send(
      new PutAttributesCommand({
        DomainName: D,
        ItemName: "item/ü",
        Attributes: [{ Name: "n0", Value: "replaced", Replace: true }],
      }),
    );
    const mine = await ours("item/ü");
    expect(mine.length).toBeGreaterThan(3);
    expect(await theirs("item/ü")).toEqual(mine);
  });

  it("agree after BatchPut and partial DeleteAttributes", async () => {
    await fx.client.send(
      new BatchPutAttributesCommand({
        DomainName: D,
        Items: [
          {
            Name: "a",
            Attributes: [
              { Name: "x", Value: "1" },
              { Name: "x", Value: "2" },
              { Name: "y", Value: "3" },
            ],
          },
          { Name: "b\u0002", Attributes: [{ Name: "x", Value: "4" }] },
        ],
      }),
    );
    await fx.client.send(
      new DeleteAttributesCommand({ DomainName: D, ItemName: "a", Attributes: [{ Name: "x", Value: "1" }] }),
    );
    expect(await theirs("a")).toEqual(await ours("a"));
    expect(await theirs("b\u0002")).toEqual(await ours("b\u0002"));
  });

  it("agree on Select pages, items and attributes", async () => {
    await fx.client.send(
      new BatchPutAttributesCommand({
        DomainName: D,
        Items: TRICKY.map((v, i) => ({
          Name: `item${i}`,
          Attributes: [
            { Name: "k", Value: String(i).padStart(2, "0") },
            { Name: "v", Value: v },
          ],
        })),
      }),
    );
    const SelectExpression = `select * from ${D} where k >= '00' order by k limit 4`;
    const minePages = [];
    for await (const p of paginateSelect({ client: fx.client }, { SelectExpression, ConsistentRead: true }))
      minePages.push(ourItems(p.Items));
    const theirPages = [];
    let NextToken: string | undefined;
    do {
      const out = await v2
        .select({ SelectExpression, ConsistentRead: true, ...(NextToken ? { NextToken } : {}) })
        .promise();
      theirPages.push(v2Items(out.Items));
      NextToken = out.NextToken;
    } while (NextToken);
    expect(minePages.length).toBe(3);
    expect(theirPages).toEqual(minePages);
  });
});

describe("writes by SDK v2, reads by our client", () => {
  it("agree on GetAttributes and DomainMetadata", async () => {
    await v2
      .putAttributes({
        DomainName: D,
        ItemName: "j",
        Attributes: TRICKY.map((v, i) => ({ Name: `m${i % 3}`, Value: v, Replace: false })),
      })
      .promise();
    await v2
      .batchPutAttributes({ DomainName: D, Items: [{ Name: "k", Attributes: [{ Name: "z", Value: "1" }] }] })
      .promise();
    expect(await ours("j")).toEqual(await theirs("j"));
    const mine = await fx.client.send(new DomainMetadataCommand({ DomainName: D }));
    const their = await v2.domainMetadata({ DomainName: D }).promise();
    const { $metadata, BoxUsage, Timestamp, ...mineRest } = mine;
    const { $response, Timestamp: _t, ...withMeta } = their;
    const { ResponseMetadata, ...theirRest } = withMeta as typeof withMeta & { ResponseMetadata?: unknown };
    expect(mineRest).toEqual(theirRest);
    expect(mineRest.ItemCount).toBe(2);
  });

  it("agree after BatchDelete and whole-item delete", async () => {
    await v2
      .batchPutAttributes({
        DomainName: D,
        Items: [
          {
            Name: "p",
            Attributes: [
              { Name: "a", Value: "1" },
              { Name: "b", Value: "2" },
            ],
          },
          { Name: "q", Attributes: [{ Name: "a", Value: "1" }] },
        ],
      })
      .promise();
    await v2
      .batchDeleteAttributes({
        DomainName: D,
        Items: [{ Name: "p", Attributes: [{ Name: "b" }] }, { Name: "q" }],
      })
      .promise();
    expect(await ours("p")).toEqual([{ Name: "a", Value: "1" }]);
    expect(await ours("q")).toEqual([]);
    await fx.client.send(new BatchDeleteAttributesCommand({ DomainName: D, Items: [{ Name: "p" }] }));
    expect(await theirs("p")).toEqual([]);
  });

  it("agree on ListDomains paging", async () => {
    for (const n of ["dom1", "dom2", "dom3", "dom4"]) await v2.createDomain({ DomainName: n }).promise();
    const mine = [];
    for await (const p of paginateListDomains({ client: fx.client, pageSize: 2 }, {}))
      mine.push(p.DomainNames);
    const theirs: string[][] = [];
    let NextToken: string | undefined;
    do {
      const out = await v2
        .listDomains({ MaxNumberOfDomains: 2, ...(NextToken ? { NextToken } : {}) })
        .promise();
      theirs.push(out.DomainNames ?? []);
      NextToken = out.NextToken;
    } while (NextToken);
    expect(mine).toEqual(theirs);
    expect(mine.flat()).toHaveLength(5);
  });
});

describe("errors agree", () => {
  async function codes(mine: Promise<unknown>, their: Promise<unknown>) {
    const a = (await mine.then(
      () => undefined,
      (e: unknown) => e,
    )) as SimpleDbServiceException | undefined;
    const b = (await their.then(
      () => undefined,
      (e: unknown) => e,
    )) as { code: string; statusCode: number } | undefined;
    return [
      a && { code: a.Code, status: a.$metadata.httpStatusCode },
      b && { code: b.code, status: b.statusCode },
    ];
  }

  it("on conditional write failures", async () => {
    await fx.client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "c", Attributes: [{ Name: "v", Value: "1" }] }),
    );
    const put = { DomainName: D, ItemName: "c", Attributes: [{ Name: "v", Value: "2", Replace: true }] };
    for (const Expected of [
      { Name: "v", Value: "0" },
      { Name: "v", Exists: false },
      { Name: "w", Value: "1" },
    ]) {
      const [a, b] = await codes(
        fx.client.send(new PutAttributesCommand({ ...put, Expected })),
        v2.putAttributes({ ...put, Expected }).promise(),
      );
      expect(a).toBeDefined();
      expect(a).toEqual(b);
    }
    expect(await ours("c")).toEqual([{ Name: "v", Value: "1" }]);
  });

  it("on NoSuchDomain, bad Select, duplicate batch items and bad page size", async () => {
    // Thunks, so that no rejected promise sits unobserved while another case runs.
    const cases: Array<[() => Promise<unknown>, () => Promise<unknown>]> = [
      [
        () => fx.client.send(new GetAttributesCommand({ DomainName: "nope", ItemName: "x" })),
        () => v2.getAttributes({ DomainName: "nope", ItemName: "x" }).promise(),
      ],
      [
        () => fx.client.send(new SelectCommand({ SelectExpression: "select nonsense" })),
        () => v2.select({ SelectExpression: "select nonsense" }).promise(),
      ],
      [
        () =>
          fx.client.send(
            new BatchPutAttributesCommand({
              DomainName: D,
              Items: [
                { Name: "x", Attributes: [{ Name: "a", Value: "1" }] },
                { Name: "x", Attributes: [{ Name: "a", Value: "1" }] },
              ],
            }),
          ),
        () =>
          v2
            .batchPutAttributes({
              DomainName: D,
              Items: [
                { Name: "x", Attributes: [{ Name: "a", Value: "1" }] },
                { Name: "x", Attributes: [{ Name: "a", Value: "1" }] },
              ],
            })
            .promise(),
      ],
      [
        () => fx.client.send(new ListDomainsCommand({ MaxNumberOfDomains: 500 })),
        () => v2.listDomains({ MaxNumberOfDomains: 500 }).promise(),
      ],
    ];
    for (const [m, t] of cases) {
      const [a, b] = await codes(m(), t());
      expect(a).toBeDefined();
      expect(a).toEqual(b);
    }
  });
});
