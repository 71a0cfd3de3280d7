/**
 * Runs one of the benchmark's servers in a child process, so the client under test shares
 * neither its event loop nor its CPU accounting with it. Forked by simpledb-bench.ts with
 * `kind` and `credentials` as JSON in argv; sends `{ endpoint }` over IPC once listening.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

const NS = 'xmlns="http://sdb.amazonaws.com/doc/2009-04-15/"';
const META =
  "<ResponseMetadata><RequestId>0c8b8a62-1111-2222-3333-444455556666</RequestId><BoxUsage>0.0000093222</BoxUsage></ResponseMetadata>";
/** Fixed, valid SimpleDB bodies the echo server answers with. */
export const ECHO_BODIES: Record<string, string> = {
  GetAttributes: `<?xml version="1.0"?>\n<GetAttributesResponse ${NS}><GetAttributesResult><Attribute><Name>state</Name><Value>running</Value></Attribute><Attribute><Name>owner</Name><Value>worker-1</Value></Attribute><Attribute><Name>version</Name><Value>0000000042</Value></Attribute></GetAttributesResult>${META}</GetAttributesResponse>`,
  PutAttributes: `<?xml version="1.0"?>\n<PutAttributesResponse ${NS}>${META}</PutAttributesResponse>`,
  CreateDomain: `<?xml version="1.0"?>\n<CreateDomainResponse ${NS}>${META}</CreateDomainResponse>`,
};

async function startEcho(): Promise<string> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? "PutAttributes";
      const out = ECHO_BODIES[action] ?? ECHO_BODIES.PutAttributes ?? "";
      res.writeHead(200, { "content-type": "text/xml", "content-length": Buffer.byteLength(out) });
      res.end(out);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startLocal(credentials: object): Promise<string> {
  const { startSimpleDbLocal } = await import("@jobstore/simpledb-local");
  const server = await startSimpleDbLocal({ port: 0, host: "127.0.0.1", credentials: credentials as never });
  return server.endpoint;
}

if (process.send !== undefined) {
  const { kind, credentials } = JSON.parse(process.argv[2] ?? "{}") as {
    kind: "echo" | "simpledb-local";
    credentials: object;
  };
  const endpoint = kind === "echo" ? await startEcho() : await startLocal(credentials);
  process.send({ endpoint });
  // The parent's exit closes the channel; go with it.
  process.on("disconnect", () => process.exit(0));
}
