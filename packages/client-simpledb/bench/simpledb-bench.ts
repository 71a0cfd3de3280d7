/**
 * Throughput of the SimpleDB client on loopback (127.0.0.1).
 *
 * Targets, each served from a worker thread so the client keeps its own event loop:
 * - `echo`: node:http answering a fixed valid SimpleDB body (the transport limit;
 *   a "raw node:http, no client" row also shows what a bare request loop gets);
 * - `simpledb-local`: the emulator, with signature checking on.
 * Each target is driven through both transports (node:http keep-alive agent,
 * global fetch), sequentially and with 16 requests in flight. Every cell runs
 * a fixed number of requests after a warm-up, three times; the best run is
 * reported (the least disturbed by other processes).
 *
 *   npx tsx packages/client-simpledb/bench/simpledb-bench.ts [requests]
 */
import * as http from "node:http";
import { Worker } from "node:worker_threads";
import {
  CreateDomainCommand,
  FetchHttpHandler,
  GetAttributesCommand,
  NodeHttpHandler,
  PutAttributesCommand,
  SimpleDbClient,
  type SimpleDbRequestHandler,
} from "../src/index.js";

const REQUESTS = Number(process.argv[2] ?? 3000);
const SEQUENTIAL = Math.ceil(REQUESTS / 3);
const CONCURRENCY = 16;
const WARMUP = 500;
const ROUNDS = 3;
const credentials = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" };

async function startServer(
  kind: "echo" | "simpledb-local",
): Promise<{ endpoint: string; close(): Promise<void> }> {
  // Workers do not inherit tsx's loader: a tiny bootstrap registers it
  // (resolved from here, so any working directory works), then loads the TS.
  const bootstrap = `(async () => {
    const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))});
    register();
    await import(${JSON.stringify(new URL("./bench-servers.ts", import.meta.url).href)});
  })().catch((err) => { console.error(err); process.exit(1); });`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { kind, credentials } });
  const endpoint = await new Promise<string>((resolve, reject) => {
    worker.once("message", (m: { endpoint: string }) => resolve(m.endpoint));
    worker.once("error", reject);
  });
  return { endpoint, close: async () => void (await worker.terminate()) };
}

type Op = "GetAttributes" | "PutAttributes";

function command(op: Op, i: number): GetAttributesCommand | PutAttributesCommand {
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

/**
 * The transport floor: POSTs a fixed, pre-built body with a bare keep-alive
 * node:http request and reads the reply, with no signing and no XML parsing.
 * The gap to the client rows is the client's own cost.
 */
function rawSender(endpoint: string): { send(op: Op): Promise<void>; destroy(): void } {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const bodies: Record<Op, Buffer> = {
    GetAttributes: Buffer.from("Action=GetAttributes&DomainName=bench&ItemName=item-1&Version=2009-04-15"),
    PutAttributes: Buffer.from("Action=PutAttributes&DomainName=bench&ItemName=item-1&Version=2009-04-15"),
  };
  const send = (op: Op) =>
    new Promise<void>((resolve, reject) => {
      const body = bodies[op];
      const req = http.request(
        {
          hostname: url.hostname,
          port: url.port,
          path: "/",
          method: "POST",
          agent,
          headers: {
            "content-type": "application/x-www-form-urlencoded; charset=utf-8",
            "content-length": body.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            Buffer.concat(chunks).toString("utf8");
            resolve();
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  return { send, destroy: () => agent.destroy() };
}

/** Sends `count` requests through `send` with `concurrency` in flight; returns requests per second. */
async function runRaw(
  send: (op: Op) => Promise<void>,
  op: Op,
  count: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await send(op);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Sends `count` commands with `concurrency` in flight; returns requests per second. */
async function run(client: SimpleDbClient, op: Op, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      await client.send(command(op, i) as GetAttributesCommand);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function best(f: () => Promise<number>): Promise<number> {
  let top = 0;
  for (let r = 0; r < ROUNDS; r++) top = Math.max(top, await f());
  return Math.round(top);
}

async function main() {
  const transports: Array<[string, () => SimpleDbRequestHandler]> = [
    ["node:http", () => new NodeHttpHandler()],
    ["fetch", () => new FetchHttpHandler()],
  ];
  const rows: Array<Record<string, string | number>> = [];
  for (const kind of ["echo", "simpledb-local"] as const) {
    let target: { endpoint: string; close(): Promise<void> };
    try {
      target = await startServer(kind);
    } catch (err) {
      console.error(`${kind} unavailable, skipped: ${(err as Error).message}`);
      continue;
    }
    if (kind === "echo") {
      const raw = rawSender(target.endpoint);
      for (const op of ["PutAttributes", "GetAttributes"] as const) {
        await runRaw(raw.send, op, WARMUP, CONCURRENCY);
        rows.push({
          target: kind,
          transport: "raw node:http, no client",
          action: op,
          "sequential req/s": await best(() => runRaw(raw.send, op, SEQUENTIAL, 1)),
          [`${CONCURRENCY} concurrent req/s`]: await best(() => runRaw(raw.send, op, REQUESTS, CONCURRENCY)),
        });
      }
      raw.destroy();
    }
    for (const [tname, make] of transports) {
      const handler = make();
      const client = new SimpleDbClient({
        endpoint: target.endpoint,
        credentials,
        requestHandler: handler,
        maxAttempts: 1,
      });
      await client.send(new CreateDomainCommand({ DomainName: "bench" }));
      for (const op of ["PutAttributes", "GetAttributes"] as const) {
        await run(client, op, WARMUP, CONCURRENCY);
        rows.push({
          target: kind,
          transport: tname,
          action: op,
          "sequential req/s": await best(() => run(client, op, SEQUENTIAL, 1)),
          [`${CONCURRENCY} concurrent req/s`]: await best(() => run(client, op, REQUESTS, CONCURRENCY)),
        });
      }
      client.destroy();
      handler.destroy?.();
    }
    await target.close();
  }
  console.log(
    `node ${process.version}; best of ${ROUNDS} rounds; ${SEQUENTIAL} sequential / ${REQUESTS} concurrent requests per round`,
  );
  console.table(rows);
}

await main();
