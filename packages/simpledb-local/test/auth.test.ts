import { describe, expect, it } from "vitest";
import {
  ACCESS_KEY,
  expectSdbError,
  metadataOf,
  rawRequest,
  SECRET_KEY,
  SimpleDB,
  sdbClient,
  useServer,
} from "./helpers.js";

const credentials = { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY };

describe("Signature V2 verification with configured credentials", () => {
  const t = useServer({ credentials });

  it("accepts requests the AWS SDK signs with the right secret", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({
        DomainName: "jobs",
        ItemName: "i",
        Attributes: [{ Name: "x", Value: "it's (done)! *é~ 1+1=2" }],
      })
      .promise();
    const out = await t.sdb
      .select({ SelectExpression: "select * from jobs where x like 'it''s%'" })
      .promise();
    expect(out.Items?.length).toBe(1);
  });

  it("rejects a wrong secret with SignatureDoesNotMatch 403", async () => {
    await expectSdbError(
      sdbClient(t.server.endpoint, "wrong-secret").listDomains().promise(),
      "SignatureDoesNotMatch",
      403,
    );
  });

  it("rejects an unknown access key with InvalidClientTokenId 403", async () => {
    await expectSdbError(
      sdbClient(t.server.endpoint, SECRET_KEY, "AKIDOTHER").listDomains().promise(),
      "InvalidClientTokenId",
      403,
    );
  });

  it("rejects an unsigned request without a key with AuthMissingFailure 403", async () => {
    const res = await rawRequest(
      t.server.endpoint,
      { Action: "ListDomains" },
      { unsigned: true, accessKeyId: null },
    );
    expect([res.status, res.code]).toEqual([403, "AuthMissingFailure"]);
  });

  it("rejects a Timestamp older than 15 minutes with RequestExpired 400", async () => {
    const stale = new Date(Date.now() - 16 * 60 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    const res = await rawRequest(t.server.endpoint, { Action: "ListDomains" }, { timestamp: stale });
    expect([res.status, res.code]).toEqual([400, "RequestExpired"]);
  });

  it("accepts a Timestamp 14 minutes old", async () => {
    const recent = new Date(Date.now() - 14 * 60 * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    const res = await rawRequest(t.server.endpoint, { Action: "ListDomains" }, { timestamp: recent });
    expect(res.status).toBe(200);
  });

  it("rejects an Expires in the past with RequestExpired 400", async () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const res = await rawRequest(
      t.server.endpoint,
      { Action: "ListDomains", Expires: past },
      { timestamp: null },
    );
    expect([res.status, res.code]).toEqual([400, "RequestExpired"]);
  });

  it("accepts HmacSHA1 signatures", async () => {
    const res = await rawRequest(
      t.server.endpoint,
      { Action: "ListDomains" },
      { signatureMethod: "HmacSHA1" },
    );
    expect(res.status).toBe(200);
  });

  it("signs GET requests over the Host header including the port", async () => {
    const res = await rawRequest(
      t.server.endpoint,
      { Action: "ListDomains", MaxNumberOfDomains: "2" },
      { method: "GET" },
    );
    expect(res.status).toBe(200);
  });

  it("includes SecurityToken in the signed parameters and accepts it", async () => {
    const ok = await rawRequest(t.server.endpoint, {
      Action: "ListDomains",
      SecurityToken: "session/token+=",
    });
    expect(ok.status).toBe(200);
    const session = new SimpleDB({
      endpoint: t.server.endpoint,
      region: "us-east-1",
      maxRetries: 0,
      accessKeyId: ACCESS_KEY,
      secretAccessKey: SECRET_KEY,
      sessionToken: "sts-token",
    });
    const out = await session.listDomains().promise();
    expect(metadataOf(out).RequestId).toBeDefined();
  });

  it("rejects a request whose body was changed after signing with SignatureDoesNotMatch", async () => {
    const res = await rawRequest(
      t.server.endpoint,
      { Action: "CreateDomain", DomainName: "jobs" },
      { secret: "other" },
    );
    expect([res.status, res.code]).toEqual([403, "SignatureDoesNotMatch"]);
  });
});

describe("default credentials mode", () => {
  const t = useServer();

  it("accepts any access key and secret", async () => {
    const out = await sdbClient(t.server.endpoint, "anything", "ANYKEY").listDomains().promise();
    expect(out.DomainNames ?? []).toEqual([]);
  });

  it("still rejects a stale Timestamp with RequestExpired", async () => {
    const res = await rawRequest(
      t.server.endpoint,
      { Action: "ListDomains" },
      { timestamp: "2010-01-25T15:01:28Z" },
    );
    expect([res.status, res.code]).toEqual([400, "RequestExpired"]);
  });
});
