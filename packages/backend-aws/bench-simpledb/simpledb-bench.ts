/**
 * Throughput of the SimpleDB client on loopback.
 *
 * Targets: an echo server (node:http answering a fixed valid SimpleDB body,
 * i.e. the transport limit) and simpledb-local (the real emulator), each
 * through both transports (node:http keep-alive agent and global fetch).
 * Every cell runs a fixed number of requests, sequentially and with 16 in
 * flight, after a warm-up.
 *
 *   npx tsx packages/backend-aws/bench-simpledb/simpledb-bench.ts [requests]
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
  CreateDomainCommand,
  FetchHttpHandler,
  GetAttributesCommand,
  NodeHttpHandler,
  PutAttributesCommand,
  SimpleDbClient,
  type SimpleDbRequestHandler,
} from "../src/simpledb/index.js";

const REQUESTS = Number(process.argv[2] ?? 4000);
const CONCURRENCY = 16;
const WARMUP = 300;
const credentials = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" };

const NS = 'xmlns="http://sdb.amazonaws.com/doc/2009-04-15/"';
const META = "<ResponseMetadata><RequestId>0c8b8a62-1111-2222-3333-444455556666</RequestId><BoxUsage>0.0000093222</BoxUsage></ResponseMetadata>";
const BODIES: Record<string, string> = {
  GetAttributes: `<?xml version="1.0"?>\n<GetAttributesResponse ${NS}><GetAttributesResult><Attribute><Name>state</Name><Value>running</Value></Attribute><Attribute><Name>owner</Name><Value>worker-1</Value></Attribute><Attribute><Name>version</Name><Value>0000000042</Value></Attribute></GetAttributesResult>${META}</GetAttributesResponse>`,
  PutAttributes: `<?xml version="1.0"?>\n<PutAttributesResponse ${NS}>${META}</PutAttributesResponse>`,
};

async function startEcho(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? "PutAttributes";
      const out = BODIES[action] ?? BODIES.PutAttributes!;
      res.writeHead(200, { "content-type": "text/xml", "content-length": Buffer.byteLength(out) });
      res.end(out);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function startLocal(): Promise<{ endpoint: string; close(): Promise<void> } | undefined> {
  try {
    const mod = (await import("@jobstore/simpledb-local")) as {
      startSimpleDbLocal(o: object): Promise<{ endpoint: string; close(): Promise<void> }>;
    };
    return await mod.startSimpleDbLocal({ port: 0, host: "127.0.0.1", credentials });
  } catch (err) {
    console.error(`simpledb-local unavailable, skipping it: ${(err as Error).message}`);
    return undefined;
  }
}

type Op = "GetAttributes" | "PutAttributes";

function command(op: Op, i: number) {
  const ItemName = `item-${i % 100}`;
  return op === "GetAttributes"
    ? new GetAttributesCommand({ DomainName: "bench", ItemName, ConsistentRead: true })
    : new PutAttributesCommand({
        DomainName: "bench",
        ItemName,
        Attributes: [
          { Name: "state", Value: "running", Replace: true },
          { Name: "owner", Value: `worker-${i % 7}`, Replace: true },
          { Name: "version", Value: String(i).padStart(10, "0"), Replace: true },
        ],
      });
}

async function run(client: SimpleDbClient, op: Op, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      await client.send(command(op, i) as GetAttributesCommand);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

async function main() {
  const targets: Array<{ name: string; endpoint: string; close(): Promise<void> }> = [];
  targets.push({ name: "echo", ...(await startEcho()) });
  const local = await startLocal();
  if (local !== undefined) targets.push({ name: "simpledb-local", ...local });

  const transports: Array<[string, () => SimpleDbRequestHandler]> = [
    ["node:http", () => new NodeHttpHandler()],
    ["fetch", () => new FetchHttpHandler()],
  ];
  const rows: Array<Record<string, string | number>> = [];
  for (const target of targets) {
    for (const [tname, make] of transports) {
      const handler = make();
      const client = new SimpleDbClient({ endpoint: target.endpoint, credentials, requestHandler: handler, maxAttempts: 1 });
      await client.send(new CreateDomainCommand({ DomainName: "bench" }));
      for (const op of ["PutAttributes", "GetAttributes"] as const) {
        await run(client, op, WARMUP, CONCURRENCY);
        const seq = await run(client, op, Math.ceil(REQUESTS / 4), 1);
        const conc = await run(client, op, REQUESTS, CONCURRENCY);
        rows.push({
          target: target.name,
          transport: tname,
          action: op,
          "seq req/s": Math.round(seq),
          [`c=${CONCURRENCY} req/s`]: Math.round(conc),
        });
      }
      client.destroy();
      handler.destroy?.();
    }
    await target.close();
  }
  console.log(`requests per cell: ${Math.ceil(REQUESTS / 4)} sequential, ${REQUESTS} at concurrency ${CONCURRENCY}; node ${process.version}`);
  console.table(rows);
}

await main();
