import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { rawRequest, useServer } from "./helpers.js";

const form = (endpoint: string, body: string | Uint8Array) =>
  fetch(`${endpoint}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
const codeOf = (body: string) => /<Code>([^<]*)<\/Code>/.exec(body)?.[1];

interface RawExchange {
  /** Everything the server sent before closing. */
  reply: string;
  /** Socket error seen by the client (e.g. ECONNRESET), if any. */
  error: string | undefined;
  /** Milliseconds from connect to close. */
  ms: number;
}

/**
 * Opens a TCP connection, lets `drive` write to it, and collects the reply until the server
 * closes. Gives up (destroying the socket) after `limitMs`, so a test cannot hang.
 */
function exchange(
  endpoint: string,
  drive: (write: (text: string) => boolean) => (() => void) | undefined,
  limitMs = 4_000,
): Promise<RawExchange> {
  const { hostname, port } = new URL(endpoint);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect(Number(port), hostname);
    let reply = "";
    let error: string | undefined;
    let stop: (() => void) | undefined;
    const limit = setTimeout(() => socket.destroy(), limitMs);
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString("latin1");
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code;
    });
    socket.on("close", () => {
      clearTimeout(limit);
      stop?.();
      resolve({ reply, error, ms: Date.now() - started });
    });
    socket.on("connect", () => {
      stop = drive((text) => !socket.destroyed && socket.write(text));
    });
  });
}

describe("request encoding", () => {
  const t = useServer();

  it("rejects an item name whose percent-escapes are not UTF-8 with InvalidParameterValue 400 and stores nothing", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const res = await form(
      t.server.endpoint,
      "Action=PutAttributes&DomainName=jobs&ItemName=job%FF%FE&Attribute.1.Name=a&Attribute.1.Value=b",
    );
    expect([res.status, codeOf(await res.text())]).toEqual([400, "InvalidParameterValue"]);
    const listed = await rawRequest(t.server.endpoint, {
      Action: "Select",
      SelectExpression: "select itemName() from jobs",
      ConsistentRead: "true",
    });
    expect(listed.body).not.toContain("<Item>");
  });

  it("rejects a truncated UTF-8 sequence in an attribute value", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const res = await form(
      t.server.endpoint,
      "Action=PutAttributes&DomainName=jobs&ItemName=i&Attribute.1.Name=a&Attribute.1.Value=caf%C3",
    );
    expect([res.status, codeOf(await res.text())]).toEqual([400, "InvalidParameterValue"]);
  });

  it("rejects raw body bytes that are not UTF-8", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const body = Buffer.concat([
      Buffer.from("Action=PutAttributes&DomainName=jobs&Attribute.1.Name=a&Attribute.1.Value=b&ItemName="),
      Buffer.from([0xc0, 0xaf]),
    ]);
    const res = await form(t.server.endpoint, body);
    expect([res.status, codeOf(await res.text())]).toEqual([400, "InvalidParameterValue"]);
  });

  it("rejects a GET query string whose escapes are not UTF-8", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const res = await fetch(
      `${t.server.endpoint}/?Action=PutAttributes&DomainName=jobs&ItemName=%E2%82&Attribute.1.Name=a&Attribute.1.Value=b`,
    );
    expect([res.status, codeOf(await res.text())]).toEqual([400, "InvalidParameterValue"]);
  });

  it("keeps valid multi-byte names and leaves a malformed escape literal", async () => {
    await rawRequest(t.server.endpoint, { Action: "CreateDomain", DomainName: "jobs" });
    const put = await form(
      t.server.endpoint,
      "Action=PutAttributes&DomainName=jobs&ItemName=caf%C3%A9+%F0%9F%90%A2&Attribute.1.Name=a&Attribute.1.Value=100%zz",
    );
    expect(put.status).toBe(200);
    const got = await rawRequest(t.server.endpoint, {
      Action: "GetAttributes",
      DomainName: "jobs",
      ItemName: "café 🐢",
    });
    expect(got.body).toContain("<Value>100%zz</Value>");
  });
});

describe("oversized requests", () => {
  const t = useServer();

  it("answers a 16 KiB GET URL with a SimpleDB URITooLong error, not a bare 431", async () => {
    const res = await fetch(`${t.server.endpoint}/?Action=ListDomains&Pad=${"a".repeat(16 * 1024)}`);
    const body = await res.text();
    expect([res.status, codeOf(body)]).toEqual([400, "URITooLong"]);
    expect(body).toMatch(/<RequestID>[0-9a-f-]{36}<\/RequestID>/);
  });

  it("answers a 200 KB query string sent in one go with URITooLong instead of resetting the connection", async () => {
    const target = `/?Action=Select&SelectExpression=${"x".repeat(200 * 1024)}`;
    const result = await exchange(t.server.endpoint, (write) => {
      write(`GET ${target} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      return undefined;
    });
    expect(result.error).toBeUndefined();
    expect(result.reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(codeOf(result.reply)).toBe("URITooLong");
  });

  it("still serves requests on new connections afterwards", async () => {
    await fetch(`${t.server.endpoint}/?Pad=${"a".repeat(64 * 1024)}`).then((r) => r.text());
    const res = await rawRequest(t.server.endpoint, { Action: "ListDomains" });
    expect(res.status).toBe(200);
  });
});

describe("connection timeouts", () => {
  const t = useServer({ timeouts: { headersMs: 300, requestMs: 600, keepAliveMs: 200 } });

  it("answers a client trickling its headers at a byte per 50 ms with RequestTimeout 408 and closes", async () => {
    const head = `GET /?Action=ListDomains HTTP/1.1\r\nHost: localhost\r\nX-Pad: ${"p".repeat(200)}\r\n\r\n`;
    const result = await exchange(t.server.endpoint, (write) => {
      let i = 0;
      const timer = setInterval(() => write(head.charAt(i++)), 50);
      return () => clearInterval(timer);
    });
    expect(result.reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(codeOf(result.reply)).toBe("RequestTimeout");
    expect(result.ms).toBeLessThan(3_000);
  });

  it("answers a body trickling past the request timeout with RequestTimeout 408", async () => {
    const result = await exchange(t.server.endpoint, (write) => {
      write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nAction=ListDomains");
      const timer = setInterval(() => write("&"), 50);
      return () => clearInterval(timer);
    });
    expect(codeOf(result.reply)).toBe("RequestTimeout");
    expect(result.ms).toBeLessThan(3_000);
  });

  it("closes a connection that never sends anything", async () => {
    const result = await exchange(t.server.endpoint, () => undefined);
    expect(result.ms).toBeLessThan(3_000);
  });

  it("closes an idle keep-alive connection after its response", async () => {
    const result = await exchange(t.server.endpoint, (write) => {
      write("GET /?Action=ListDomains HTTP/1.1\r\nHost: localhost\r\n\r\n");
      return undefined;
    });
    expect(result.reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(result.ms).toBeLessThan(3_000);
  });
});

describe.concurrent("connection timeouts by default", () => {
  const t = useServer({});

  it("drops a client trickling its headers within the 5 s default", async () => {
    const result = await exchange(
      t.server.endpoint,
      (write) => {
        const timer = setInterval(() => write("X"), 200);
        write("GET /?Action=ListDomains HTTP/1.1\r\nX-Pad: ");
        return () => clearInterval(timer);
      },
      20_000,
    );
    expect(result.ms).toBeLessThan(8_000);
  }, 25_000);

  it("drops a client trickling its body within the 10 s default", async () => {
    const result = await exchange(
      t.server.endpoint,
      (write) => {
        write("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\nAction=ListDomains");
        const timer = setInterval(() => write("&"), 200);
        return () => clearInterval(timer);
      },
      20_000,
    );
    expect(result.reply).not.toMatch(/^HTTP\/1\.1 200 /);
    expect(result.ms).toBeLessThan(13_000);
  }, 25_000);
});
