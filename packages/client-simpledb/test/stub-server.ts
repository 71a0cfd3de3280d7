import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the stub saw it: decoded form parameters and raw headers. */
export interface StubRequest {
  params: Record<string, string>;
  rawBody: string;
  headers: http.IncomingHttpHeaders;
}

/** What the stub does with one request. */
export type StubReply = { status: number; body: string; delayMs?: number } | { drop: true };

/**
 * A scripted loopback server for client-behaviour tests: each request takes
 * the next reply from the script (the last one repeats). It records every
 * request so tests can assert on attempts and parameters.
 */
export async function startStub(script: Array<StubReply | ((r: StubRequest) => StubReply)>) {
  const requests: StubRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const rawBody = Buffer.concat(chunks).toString("utf8");
      const params = Object.fromEntries(new URLSearchParams(rawBody));
      const r: StubRequest = { params, rawBody, headers: req.headers };
      requests.push(r);
      const step = script[Math.min(requests.length - 1, script.length - 1)];
      const reply = typeof step === "function" ? step(r) : step;
      if (reply === undefined || "drop" in reply) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        res.writeHead(reply.status, { "content-type": "text/xml" });
        res.end(reply.body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const NS = 'xmlns="http://sdb.amazonaws.com/doc/2009-04-15/"';

/** A success body for `action` with an optional result element content. */
export function ok(action: string, result?: string): StubReply {
  const res = result === undefined ? "" : `<${action}Result>${result}</${action}Result>`;
  return {
    status: 200,
    body: `<?xml version="1.0"?>\n<${action}Response ${NS}>${res}<ResponseMetadata><RequestId>ok-req</RequestId><BoxUsage>0.0000071759</BoxUsage></ResponseMetadata></${action}Response>`,
  };
}

/** A SimpleDB error body. */
export function fail(status: number, code: string, message = code): StubReply {
  return {
    status,
    body: `<?xml version="1.0"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message><BoxUsage>0.0000137</BoxUsage></Error></Errors><RequestID>err-req</RequestID></Response>`,
  };
}
