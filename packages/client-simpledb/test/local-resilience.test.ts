import { describe, expect, it } from "vitest";
import {
  CreateDomainCommand,
  GetAttributesCommand,
  isSimpleDbError,
  ListDomainsCommand,
  NoSuchDomainException,
  PutAttributesCommand,
  paginateListDomains,
  SelectCommand,
  SimpleDbAbortError,
  SimpleDbClient,
  SimpleDbNetworkError,
  type SimpleDbServiceException,
} from "../src/index.js";
import { LOCAL_CREDENTIALS, TEST_DOMAIN, useLocalDomain } from "./local-fixture.js";

const fixture = useLocalDomain();
const D = TEST_DOMAIN;

describe("retries against injected faults", () => {
  it("recovers from injected 503s and counts the attempts", async () => {
    fixture().server.setFaults({ script: [{ status: 503 }, { status: 500 }] });
    fixture().server.resetStats();
    const out = await fixture().client.send(new ListDomainsCommand({}));
    expect(out.DomainNames).toEqual([D]);
    expect(out.$metadata.attempts).toBe(3);
    expect(fixture().server.stats().ListDomains).toBe(3);
  });

  it("recovers from dropped connections", async () => {
    fixture().server.setFaults({
      script: [
        { action: "GetAttributes", drop: true },
        { action: "GetAttributes", drop: true },
      ],
    });
    const out = await fixture().client.send(new GetAttributesCommand({ DomainName: D, ItemName: "x" }));
    expect(out.$metadata.attempts).toBe(3);
  });

  it("survives a random 30% fault rate over many requests", async () => {
    fixture().server.setFaults({ rate: 0.3, statuses: [500, 503], seed: 42 });
    for (let i = 0; i < 30; i++) {
      await fixture().client.send(
        new PutAttributesCommand({
          DomainName: D,
          ItemName: `i${i}`,
          Attributes: [{ Name: "a", Value: String(i) }],
        }),
      );
    }
    fixture().server.setFaults(undefined);
    const out = await fixture().client.send(
      new SelectCommand({ SelectExpression: `select count(*) from ${D}`, ConsistentRead: true }),
    );
    expect(out.Items[0]?.Attributes[0]?.Value).toBe("30");
  });

  it("does not retry a 4xx", async () => {
    fixture().server.resetStats();
    await expect(
      fixture().client.send(new GetAttributesCommand({ DomainName: "nope", ItemName: "x" })),
    ).rejects.toBeInstanceOf(NoSuchDomainException);
    expect(fixture().server.stats().GetAttributes).toBe(1);
  });

  it("gives up with SimpleDbNetworkError when every attempt is dropped", async () => {
    fixture().server.setFaults({ script: Array.from({ length: 3 }, () => ({ drop: true })) });
    const client = new SimpleDbClient({
      endpoint: fixture().server.endpoint,
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
      endpoint: fixture().server.endpoint,
      credentials: { ...LOCAL_CREDENTIALS, secretAccessKey: "wrong" },
    });
    fixture().server.resetStats();
    try {
      const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
      expect(isSimpleDbError(err, "SignatureDoesNotMatch")).toBe(true);
      expect((err as SimpleDbServiceException).$metadata.httpStatusCode).toBe(403);
      expect(fixture().server.stats().ListDomains).toBe(1);
    } finally {
      client.destroy();
    }
  });

  it("accepts temporary credentials whose SecurityToken is signed", async () => {
    const client = new SimpleDbClient({
      endpoint: fixture().server.endpoint,
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
    fixture().server.setFaults({ script: [{ action: "ListDomains", delayMs: 3000 }] });
    const started = Date.now();
    await expect(
      fixture().client.send(new ListDomainsCommand({}), { abortSignal: AbortSignal.timeout(50) }),
    ).rejects.toBeInstanceOf(SimpleDbAbortError);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("aborts paging through a paginator", async () => {
    const ac = new AbortController();
    for (const n of ["d1x", "d2x"]) await fixture().client.send(new CreateDomainCommand({ DomainName: n }));
    const pages = paginateListDomains({ client: fixture().client, pageSize: 1, abortSignal: ac.signal }, {});
    await pages.next();
    ac.abort();
    await expect(pages.next()).rejects.toBeInstanceOf(SimpleDbAbortError);
  });
});

describe("consistency", () => {
  it("ConsistentRead sees a write that a stale read does not", async () => {
    await fixture.restart({ consistency: { staleReadMs: 60_000 } });
    await fixture().client.send(new CreateDomainCommand({ DomainName: D }));
    await fixture().client.send(
      new PutAttributesCommand({ DomainName: D, ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] }),
    );
    const stale = await fixture().client.send(new GetAttributesCommand({ DomainName: D, ItemName: "i" }));
    const fresh = await fixture().client.send(
      new GetAttributesCommand({ DomainName: D, ItemName: "i", ConsistentRead: true }),
    );
    expect(stale.Attributes).toEqual([]);
    expect(fresh.Attributes).toEqual([{ Name: "a", Value: "1" }]);
  });
});
