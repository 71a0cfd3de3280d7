import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ConditionalCheckFailedException,
  CreateDomainCommand,
  FetchHttpHandler,
  GetAttributesCommand,
  isSimpleDbError,
  ListDomainsCommand,
  NoSuchDomainException,
  PutAttributesCommand,
  paginateListDomains,
  paginateSelect,
  resolveEndpoint,
  SimpleDbAbortError,
  SimpleDbClient,
  type SimpleDbClientConfig,
  SimpleDbNetworkError,
  SimpleDbServiceException,
} from "../src/index.js";
import { signV2 } from "../src/protocol/signer.js";
import { fail, ok, type StubReply, startStub } from "./stub-server.js";

const creds = { accessKeyId: "AKIDTEST", secretAccessKey: "secret/key+=" };
type Stub = Awaited<ReturnType<typeof startStub>>;

let stub: Stub | undefined;
let client: SimpleDbClient | undefined;

async function setup(script: StubReply[], config: Partial<SimpleDbClientConfig> = {}) {
  stub = await startStub(script);
  // Tiny backoff so retry tests take milliseconds.
  client = new SimpleDbClient({
    region: "us-east-1",
    endpoint: stub.endpoint,
    credentials: creds,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    ...config,
  });
  return { stub, client };
}

afterEach(async () => {
  client?.destroy();
  await stub?.close();
  client = undefined;
  stub = undefined;
});

describe("request shape", () => {
  it("POSTs a signed form body that the server can verify with the host and port", async () => {
    const { stub, client } = await setup([ok("ListDomains")]);
    await client.send(new ListDomainsCommand({ MaxNumberOfDomains: 5 }));
    const req = stub.requests[0]!;
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded; charset=utf-8");
    const { Signature, ...rest } = req.params;
    expect(rest).toMatchObject({
      Action: "ListDomains",
      Version: "2009-04-15",
      AWSAccessKeyId: "AKIDTEST",
      SignatureVersion: "2",
      SignatureMethod: "HmacSHA256",
      MaxNumberOfDomains: "5",
    });
    expect(rest.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(req.headers.host).toBe(`127.0.0.1:${stub.port}`);
    expect(Signature).toBe(
      signV2({ method: "POST", host: req.headers.host!, path: "/", params: rest }, creds.secretAccessKey),
    );
  });

  it("sends and signs SecurityToken for temporary credentials from a provider", async () => {
    const { stub } = await setup([ok("ListDomains")], {
      credentials: async () => ({ ...creds, sessionToken: "session/token=" }),
    });
    await client!.send(new ListDomainsCommand({}));
    const { Signature, ...rest } = stub.requests[0]!.params;
    expect(rest.SecurityToken).toBe("session/token=");
    expect(Signature).toBe(
      signV2(
        { method: "POST", host: `127.0.0.1:${stub.port}`, path: "/", params: rest },
        creds.secretAccessKey,
      ),
    );
  });

  it("serialises attributes from index 1 and the un-indexed Expected block", async () => {
    const { stub, client } = await setup([ok("PutAttributes")]);
    await client.send(
      new PutAttributesCommand({
        DomainName: "d",
        ItemName: "i",
        Attributes: [
          { Name: "a", Value: "1", Replace: true },
          { Name: "b", Value: "" },
        ],
        Expected: { Name: "v", Exists: false },
      }),
    );
    expect(stub.requests[0]!.params).toMatchObject({
      "Attribute.1.Name": "a",
      "Attribute.1.Value": "1",
      "Attribute.1.Replace": "true",
      "Attribute.2.Name": "b",
      "Attribute.2.Value": "",
      "Expected.Name": "v",
      "Expected.Exists": "false",
    });
    expect(stub.requests[0]!.params["Attribute.2.Replace"]).toBeUndefined();
  });

  it("fills $metadata and BoxUsage on success", async () => {
    const { client } = await setup([ok("CreateDomain")]);
    const out = await client.send(new CreateDomainCommand({ DomainName: "abc" }));
    expect(out).toEqual({
      $metadata: { httpStatusCode: 200, requestId: "ok-req", attempts: 1, totalRetryDelay: 0 },
      BoxUsage: 0.0000071759,
    });
  });
});

describe("errors", () => {
  it("throws a typed exception carrying code, status, request id and box usage", async () => {
    const { client } = await setup([fail(400, "NoSuchDomain", "The specified domain does not exist.")]);
    const err = await client
      .send(new GetAttributesCommand({ DomainName: "nope", ItemName: "x" }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchDomainException);
    expect(err).toBeInstanceOf(SimpleDbServiceException);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: "NoSuchDomain",
      Code: "NoSuchDomain",
      message: "The specified domain does not exist.",
      BoxUsage: 0.0000137,
      $retryable: false,
      $fault: "client",
      $mayHaveApplied: false,
      $metadata: { httpStatusCode: 400, requestId: "err-req", attempts: 1 },
    });
    expect(isSimpleDbError(err, "NoSuchDomain")).toBe(true);
    expect(isSimpleDbError(err, "ConditionalCheckFailed")).toBe(false);
    expect(err instanceof ConditionalCheckFailedException).toBe(false);
  });

  it("keeps unknown codes as the base class with the code as name", async () => {
    const { client } = await setup([fail(400, "SomethingNew")]);
    const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
    expect(isSimpleDbError(err, "SomethingNew")).toBe(true);
    expect((err as Error).name).toBe("SomethingNew");
  });

  it("names a non-XML error reply after its status", async () => {
    const { client } = await setup([{ status: 502, body: "<html>bad gateway</html>" }]);
    const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
    expect(isSimpleDbError(err, "Http502")).toBe(true);
  });

  it("isSimpleDbError rejects non-client errors", () => {
    expect(isSimpleDbError(new Error("x"))).toBe(false);
    expect(isSimpleDbError(undefined)).toBe(false);
  });
});

describe("retries", () => {
  it("retries 503 and 500 until a success and counts attempts", async () => {
    const { stub, client } = await setup([
      fail(503, "ServiceUnavailable"),
      fail(500, "InternalError"),
      ok("ListDomains"),
    ]);
    const out = await client.send(new ListDomainsCommand({}));
    expect(stub.requests).toHaveLength(3);
    expect(out.$metadata.attempts).toBe(3);
  });

  it("re-signs each attempt with a fresh timestamp and signature", async () => {
    const { stub, client } = await setup([fail(503, "ServiceUnavailable"), ok("ListDomains")]);
    await client.send(new ListDomainsCommand({}));
    for (const r of stub.requests) {
      const { Signature, ...rest } = r.params;
      expect(Signature).toBe(
        signV2(
          { method: "POST", host: `127.0.0.1:${stub.port}`, path: "/", params: rest },
          creds.secretAccessKey,
        ),
      );
    }
  });

  it("retries dropped connections", async () => {
    const { stub, client } = await setup([{ drop: true }, { drop: true }, ok("ListDomains")]);
    const out = await client.send(new ListDomainsCommand({}));
    expect(stub.requests).toHaveLength(3);
    expect(out.$metadata.attempts).toBe(3);
  });

  it("never retries a 4xx", async () => {
    const { stub, client } = await setup([fail(409, "ConditionalCheckFailed"), ok("PutAttributes")]);
    await expect(
      client.send(
        new PutAttributesCommand({ DomainName: "d", ItemName: "i", Attributes: [{ Name: "a", Value: "1" }] }),
      ),
    ).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(stub.requests).toHaveLength(1);
  });

  it("gives up after maxAttempts with the last service error", async () => {
    const { stub, client } = await setup([fail(503, "ServiceUnavailable")], { maxAttempts: 3 });
    const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
    expect(stub.requests).toHaveLength(3);
    expect(err).toMatchObject({
      Code: "ServiceUnavailable",
      $retryable: true,
      $fault: "server",
      $metadata: { attempts: 3 },
    });
  });

  it("gives up after maxAttempts of dropped connections with a SimpleDbNetworkError", async () => {
    const { stub, client } = await setup([{ drop: true }], { maxAttempts: 2 });
    const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimpleDbNetworkError);
    expect(stub.requests).toHaveLength(2);
  });

  it("stops retrying when the time budget is spent", async () => {
    const { stub, client } = await setup([{ ...fail(503, "ServiceUnavailable"), delayMs: 60 }], {
      retryTimeBudgetMs: 100,
      maxAttempts: 50,
    });
    await expect(client.send(new ListDomainsCommand({}))).rejects.toMatchObject({
      Code: "ServiceUnavailable",
    });
    expect(stub.requests.length).toBeGreaterThanOrEqual(1);
    expect(stub.requests.length).toBeLessThanOrEqual(3);
  });

  it("retries an attempt that exceeds requestTimeoutMs", async () => {
    const { stub, client } = await setup([{ ...ok("ListDomains"), delayMs: 1000 }, ok("ListDomains")], {
      requestTimeoutMs: 50,
    });
    const out = await client.send(new ListDomainsCommand({}));
    expect(out.$metadata.attempts).toBe(2);
    expect(stub.requests).toHaveLength(2);
  });

  it("retries connection refused as a network error", async () => {
    const stubTmp = await startStub([ok("ListDomains")]);
    const endpoint = stubTmp.endpoint;
    await stubTmp.close();
    client = new SimpleDbClient({ endpoint, credentials: creds, maxAttempts: 2, retryBaseDelayMs: 1 });
    const err = await client.send(new ListDomainsCommand({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimpleDbNetworkError);
    expect((err as SimpleDbNetworkError).$metadata.attempts).toBe(2);
  });
});

describe("conditional writes after an ambiguous failure", () => {
  const conditionalPut = new PutAttributesCommand({
    DomainName: "d",
    ItemName: "i",
    Attributes: [{ Name: "v", Value: "2", Replace: true }],
    Expected: { Name: "v", Value: "1" },
  });

  it("marks ConditionalCheckFailed after a retried 503 as $mayHaveApplied", async () => {
    const { client } = await setup([fail(503, "ServiceUnavailable"), fail(409, "ConditionalCheckFailed")]);
    const err = await client.send(conditionalPut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConditionalCheckFailedException);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(true);
  });

  it("marks AttributeDoesNotExist after a dropped connection as $mayHaveApplied", async () => {
    const { client } = await setup([{ drop: true }, fail(404, "AttributeDoesNotExist")]);
    const err = await client.send(conditionalPut).catch((e: unknown) => e);
    expect(isSimpleDbError(err, "AttributeDoesNotExist")).toBe(true);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(true);
  });

  it("does not mark a first-attempt ConditionalCheckFailed", async () => {
    const { client } = await setup([fail(409, "ConditionalCheckFailed")]);
    const err = await client.send(conditionalPut).catch((e: unknown) => e);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(false);
  });

  it("marks a write whose retries ended on a 5xx, since its outcome is unknown", async () => {
    const { client } = await setup([fail(500, "InternalError")], { maxAttempts: 2 });
    const err = await client.send(conditionalPut).catch((e: unknown) => e);
    expect(err).toMatchObject({ Code: "InternalError", $mayHaveApplied: true, $metadata: { attempts: 2 } });
  });

  it("does not mark reads", async () => {
    const { client } = await setup([fail(500, "InternalError")], { maxAttempts: 1 });
    const err = await client
      .send(new GetAttributesCommand({ DomainName: "d", ItemName: "i" }))
      .catch((e: unknown) => e);
    expect((err as SimpleDbServiceException).$mayHaveApplied).toBe(false);
  });
});

describe("abort", () => {
  it("rejects without any request when the signal is already aborted", async () => {
    const { stub, client } = await setup([ok("ListDomains")]);
    const ac = new AbortController();
    ac.abort();
    await expect(client.send(new ListDomainsCommand({}), { abortSignal: ac.signal })).rejects.toBeInstanceOf(
      SimpleDbAbortError,
    );
    expect(stub.requests).toHaveLength(0);
  });

  it("aborts a request in flight", async () => {
    const { client } = await setup([{ ...ok("ListDomains"), delayMs: 2000 }]);
    const ac = new AbortController();
    const started = Date.now();
    setTimeout(() => ac.abort(), 30);
    const err = await client
      .send(new ListDomainsCommand({}), { abortSignal: ac.signal })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimpleDbAbortError);
    expect((err as Error).name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("aborts during a backoff sleep", async () => {
    const { stub, client } = await setup([fail(503, "ServiceUnavailable")], {
      retryBaseDelayMs: 5000,
      retryMaxDelayMs: 5000,
    });
    const ac = new AbortController();
    const p = client.send(new ListDomainsCommand({}), { abortSignal: ac.signal }).catch((e: unknown) => e);
    // Wait for the first attempt to come back, then abort while sleeping.
    while (stub.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    expect(await p).toBeInstanceOf(SimpleDbAbortError);
    expect(stub.requests).toHaveLength(1);
  });

  it("marks a write aborted in flight as $mayHaveApplied, but not one aborted before sending", async () => {
    const { client } = await setup([{ ...ok("PutAttributes"), delayMs: 2000 }]);
    const put = new PutAttributesCommand({
      DomainName: "d",
      ItemName: "i",
      Attributes: [{ Name: "a", Value: "1" }],
    });
    const inFlight = await client
      .send(put, { abortSignal: AbortSignal.timeout(30) })
      .catch((e: unknown) => e);
    expect(inFlight).toMatchObject({ name: "AbortError", $mayHaveApplied: true });
    const ac = new AbortController();
    ac.abort();
    const before = await client.send(put, { abortSignal: ac.signal }).catch((e: unknown) => e);
    expect(before).toMatchObject({ name: "AbortError", $mayHaveApplied: false });
  });

  it("aborts through the fetch transport too", async () => {
    const { client } = await setup([{ ...ok("ListDomains"), delayMs: 2000 }], {
      requestHandler: new FetchHttpHandler(),
    });
    const err = await client
      .send(new ListDomainsCommand({}), { abortSignal: AbortSignal.timeout(30) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SimpleDbAbortError);
  });
});

describe("transport choice", () => {
  it("FetchHttpHandler produces the same verified request as the default", async () => {
    const { stub, client } = await setup([ok("ListDomains", "<DomainName>a</DomainName>")], {
      requestHandler: new FetchHttpHandler(),
    });
    const out = await client.send(new ListDomainsCommand({}));
    expect(out.DomainNames).toEqual(["a"]);
    const { Signature, ...rest } = stub.requests[0]!.params;
    expect(Signature).toBe(
      signV2(
        { method: "POST", host: stub.requests[0]!.headers.host!, path: "/", params: rest },
        creds.secretAccessKey,
      ),
    );
  });
});

describe("paginators", () => {
  it("pass NextToken back byte-for-byte, including embedded newlines", async () => {
    const token = "rO0ABXNy\nAAAA+/==";
    const { stub, client } = await setup([
      ok("Select", `<Item><Name>a</Name></Item><NextToken>${token}</NextToken>`),
      ok("Select", "<Item><Name>b</Name></Item>"),
    ]);
    const names: string[] = [];
    for await (const page of paginateSelect({ client }, { SelectExpression: "select * from d" })) {
      names.push(...page.Items.map((i) => i.Name));
    }
    expect(names).toEqual(["a", "b"]);
    expect(stub.requests[0]!.params.NextToken).toBeUndefined();
    expect(stub.requests[1]!.params.NextToken).toBe(token);
  });

  it("start from startingToken and stop when the service repeats the token", async () => {
    const { stub, client } = await setup([
      ok("ListDomains", "<DomainName>x</DomainName><NextToken>same</NextToken>"),
    ]);
    const pages = [];
    for await (const page of paginateListDomains({ client, startingToken: "same", pageSize: 7 }, {}))
      pages.push(page);
    expect(pages).toHaveLength(1);
    expect(stub.requests[0]!.params).toMatchObject({ NextToken: "same", MaxNumberOfDomains: "7" });
  });
});

describe("lifecycle", () => {
  it("rejects send after destroy", async () => {
    const { client } = await setup([ok("ListDomains")]);
    client.destroy();
    await expect(client.send(new ListDomainsCommand({}))).rejects.toThrow(/destroyed/);
  });
});

describe("credentials", () => {
  let calls = 0;
  beforeEach(() => {
    calls = 0;
  });
  it("resolves a provider lazily and caches unexpired credentials", async () => {
    const { client } = await setup([ok("ListDomains")], {
      credentials: async () => {
        calls++;
        return { ...creds, expiration: new Date(Date.now() + 3600_000) };
      },
    });
    expect(calls).toBe(0);
    await Promise.all([client.send(new ListDomainsCommand({})), client.send(new ListDomainsCommand({}))]);
    await client.send(new ListDomainsCommand({}));
    expect(calls).toBe(1);
  });
  it("refreshes credentials that are about to expire", async () => {
    const { client } = await setup([ok("ListDomains")], {
      credentials: async () => {
        calls++;
        return { ...creds, expiration: new Date(Date.now() + 60_000) };
      },
    });
    await client.send(new ListDomainsCommand({}));
    await client.send(new ListDomainsCommand({}));
    expect(calls).toBe(2);
  });
});

describe("default credentials and endpoint from the environment", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("uses the AWS default provider chain (environment variables) when no credentials are given", async () => {
    stub = await startStub([ok("ListDomains")]);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "env-secret");
    vi.stubEnv("AWS_SESSION_TOKEN", "env-token");
    vi.stubEnv("AWS_ENDPOINT_URL_SIMPLEDB", stub.endpoint);
    client = new SimpleDbClient({ region: "us-east-1" });
    await client.send(new ListDomainsCommand({}));
    const { Signature, ...rest } = stub.requests[0]!.params;
    expect(rest.AWSAccessKeyId).toBe("AKIDFROMENV");
    expect(rest.SecurityToken).toBe("env-token");
    expect(Signature).toBe(
      signV2({ method: "POST", host: `127.0.0.1:${stub.port}`, path: "/", params: rest }, "env-secret"),
    );
  });
});

describe("endpoints", () => {
  it("maps us-east-1 to sdb.amazonaws.com and other regions to sdb.<region>", () => {
    expect(resolveEndpoint({ region: "us-east-1", env: {} }).href).toBe("https://sdb.amazonaws.com/");
    expect(resolveEndpoint({ region: "sa-east-1", env: {} }).href).toBe(
      "https://sdb.sa-east-1.amazonaws.com/",
    );
  });
  it("rejects regions without SimpleDB", () => {
    expect(() => resolveEndpoint({ region: "eu-central-1", env: {} })).toThrow(/no endpoint/);
  });
  it("prefers the endpoint option over AWS_ENDPOINT_URL_SIMPLEDB over the region", () => {
    const env = { AWS_ENDPOINT_URL_SIMPLEDB: "http://env:1234" };
    expect(resolveEndpoint({ region: "us-east-1", env }).host).toBe("env:1234");
    expect(resolveEndpoint({ region: "us-east-1", endpoint: "http://opt:80", env }).host).toBe("opt");
  });
});
