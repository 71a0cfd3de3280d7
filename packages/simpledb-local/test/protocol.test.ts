import { describe, expect, it } from "vitest";
import { rawRequest, useServer } from "./helpers.js";

describe("HTTP transport", () => {
  const t = useServer();

  it("accepts a GET with the parameters in the query string", async () => {
    const created = await rawRequest(
      t.server.endpoint,
      { Action: "CreateDomain", DomainName: "viaget" },
      { method: "GET" },
    );
    expect(created.status).toBe(200);
    const listed = await rawRequest(t.server.endpoint, { Action: "ListDomains" }, { method: "GET" });
    expect(listed.body).toContain("<DomainName>viaget</DomainName>");
  });

  it("accepts a POST form body with + for spaces and percent-encoding", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const res = await fetch(`${t.server.endpoint}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "Action=PutAttributes&DomainName=jobs&ItemName=job+1&Attribute.1.Name=state&Attribute.1.Value=a%26b%3Dc",
    });
    expect(res.status).toBe(200);
    const got = await t.sdb.getAttributes({ DomainName: "jobs", ItemName: "job 1" }).promise();
    expect(got.Attributes).toEqual([{ Name: "state", Value: "a&b=c" }]);
  });

  it("shapes a success body like AWS: namespaced root, result, then ResponseMetadata", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const res = await rawRequest(t.server.endpoint, { Action: "ListDomains" });
    expect(res.body).toMatch(
      /^<\?xml version="1\.0"\?>\s*<ListDomainsResponse xmlns="http:\/\/sdb\.amazonaws\.com\/doc\/2009-04-15\/"><ListDomainsResult><DomainName>jobs<\/DomainName><\/ListDomainsResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><BoxUsage>0\.\d{10}<\/BoxUsage><\/ResponseMetadata><\/ListDomainsResponse>$/,
    );
  });

  it("shapes an error body like AWS: <Response><Errors><Error> with Code, Message, BoxUsage and RequestID", async () => {
    const res = await rawRequest(t.server.endpoint, { Action: "DomainMetadata", DomainName: "nope" });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(
      /^<\?xml version="1\.0"\?>\s*<Response><Errors><Error><Code>NoSuchDomain<\/Code><Message>[^<]+<\/Message><BoxUsage>0\.\d{10}<\/BoxUsage><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    );
  });

  it("gives every response a distinct request id", async () => {
    const a = await rawRequest(t.server.endpoint, { Action: "ListDomains" });
    const b = await rawRequest(t.server.endpoint, { Action: "ListDomains" });
    const id = (body: string) => /<RequestId>([^<]+)</.exec(body)?.[1];
    expect(id(a.body)).toBeDefined();
    expect(id(a.body)).not.toBe(id(b.body));
  });

  it("answers a request without Action with MissingAction 400", async () => {
    const res = await rawRequest(t.server.endpoint, {});
    expect([res.status, res.code]).toEqual([400, "MissingAction"]);
  });

  it("answers an unknown Action with InvalidAction 400", async () => {
    const res = await rawRequest(t.server.endpoint, { Action: "DropTable" });
    expect([res.status, res.code]).toEqual([400, "InvalidAction"]);
  });

  it("answers an unknown Version with NoSuchVersion 400", async () => {
    const res = await rawRequest(t.server.endpoint, { Action: "ListDomains", Version: "2007-11-07" });
    expect([res.status, res.code]).toEqual([400, "NoSuchVersion"]);
  });

  it("answers a PUT with UnsupportedHttpVerb 400", async () => {
    const res = await fetch(`${t.server.endpoint}/?Action=ListDomains`, { method: "PUT" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>UnsupportedHttpVerb</Code>");
  });

  it("answers a missing ItemName with MissingParameter 400", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const res = await rawRequest(t.server.endpoint, { Action: "GetAttributes", DomainName: "jobs" });
    expect([res.status, res.code]).toEqual([400, "MissingParameter"]);
  });

  it("rejects ConsistentRead values other than true/false with InvalidParameterValue", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const res = await rawRequest(t.server.endpoint, {
      Action: "GetAttributes",
      DomainName: "jobs",
      ItemName: "i",
      ConsistentRead: "yes",
    });
    expect([res.status, res.code]).toEqual([400, "InvalidParameterValue"]);
  });
});

describe("XML encoding of names and values", () => {
  const t = useServer();

  it("escapes markup characters so the SDK reads them back unchanged", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    const value = `<a href="x">&amp;'</a>`;
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i&<>", Attributes: [{ Name: "h<t>", Value: value }] })
      .promise();
    const got = await t.sdb.getAttributes({ DomainName: "jobs", ItemName: "i&<>" }).promise();
    expect(got.Attributes).toEqual([{ Name: "h<t>", Value: value }]);
  });

  it("keeps a carriage return intact (written as a character reference)", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({
        DomainName: "jobs",
        ItemName: "i",
        Attributes: [{ Name: "a", Value: "line1\r\nline2" }],
      })
      .promise();
    const res = await rawRequest(t.server.endpoint, {
      Action: "GetAttributes",
      DomainName: "jobs",
      ItemName: "i",
    });
    expect(res.body).toContain("<Value>line1&#xD;\nline2</Value>");
  });

  it('sends names and values that are not valid XML as base64 with encoding="base64"', async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await rawRequest(t.server.endpoint, {
      Action: "PutAttributes",
      DomainName: "jobs",
      ItemName: "item\u0001",
      "Attribute.1.Name": "bell\u0007",
      "Attribute.1.Value": "nul\u0000end",
    });
    const got = await rawRequest(t.server.endpoint, {
      Action: "GetAttributes",
      DomainName: "jobs",
      ItemName: "item\u0001",
    });
    const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
    expect(got.body).toContain(
      `<Attribute><Name encoding="base64">${b64("bell\u0007")}</Name><Value encoding="base64">${b64("nul\u0000end")}</Value></Attribute>`,
    );
    const selected = await rawRequest(t.server.endpoint, {
      Action: "Select",
      SelectExpression: "select itemName() from jobs",
    });
    expect(selected.body).toContain(`<Item><Name encoding="base64">${b64("item\u0001")}</Name></Item>`);
  });

  it("lets the AWS SDK decode base64-encoded values back to the original bytes", async () => {
    await t.sdb.createDomain({ DomainName: "jobs" }).promise();
    await t.sdb
      .putAttributes({ DomainName: "jobs", ItemName: "i", Attributes: [{ Name: "a", Value: "x\u0001y" }] })
      .promise();
    const got = await t.sdb.getAttributes({ DomainName: "jobs", ItemName: "i" }).promise();
    expect(Buffer.from(got.Attributes?.[0]?.Value as unknown as Uint8Array).toString("utf8")).toBe(
      "x\u0001y",
    );
  });
});
