/**
 * Throughput of the SimpleDB client on loopback (127.0.0.1) against a raw HTTP request loop.
 *
 * Targets, each served from a child process so the client keeps its own event loop and CPU:
 * - `echo`: node:http answering a fixed valid SimpleDB body (the transport limit);
 * - `simpledb-local`: the emulator, with signature checking on.
 * Per target, action and mode (sequential, 16 in flight) three senders take turns, round after
 * round, in one run: the raw loop (a bare keep-alive node:http POST of a pre-signed body of the
 * same size as the client's, reading the reply as text: no signing, no XML), the client on its
 * default node:http transport, and the client on fetch. The table shows the median of the rounds,
 * the client/raw ratio, and each sender's own cost (this process's CPU time per request, far
 * less disturbed by other processes than wall-clock rates); the load average is printed because
 * the machine is shared.
 *
 *   npx tsx packages/client-simpledb/bench/simpledb-bench.ts [requests] [rounds]
 */
import { fork } from "node:child_process";
import { once } from "node:events";
import * as http from "node:http";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import {
  CreateDomainCommand,
  FetchHttpHandler,
  GetAttributesCommand,
  NodeHttpHandler,
  PutAttributesCommand,
  SIMPLEDB_API_VERSION,
  SimpleDbClient,
} from "../src/index.js";
import { isoTimestamp, signRequest, uriEscape } from "../src/protocol/signer.js";

// Short rounds, many of them, taking turns: on a shared, loaded machine that exposes every
// sender to the same disturbances, and the median drops the worst of them.
const REQUESTS = Number(process.argv[2] ?? 1200);
const ROUNDS = Math.max(3, Number(process.argv[3] ?? 9));
const SEQUENTIAL = Math.ceil(REQUESTS / 3);
const CONCURRENCY = 16;
const WARMUP = 500;
const credentials = { accessKeyId: "AKIDLOCAL", secretAccessKey: "local-secret" };

type Op = "GetAttributes" | "PutAttributes";
type Send = (op: Op, i: number) => Promise<unknown>;

async function startServer(
  kind: "echo" | "simpledb-local",
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const child = fork(
    fileURLToPath(new URL("./bench-servers.ts", import.meta.url)),
    [JSON.stringify({ kind, credentials })],
    { execArgv: ["--import", import.meta.resolve("tsx")], stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once("message", (m: { endpoint: string }) => resolve(m.endpoint));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return {
    endpoint,
    close: async () => {
      const exited = once(child, "exit");
      child.kill();
      await exited;
    },
  };
}

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

/** The body the client would send for `op`, signed once (valid for the 15 minutes of a run). */
function presignedBody(op: Op, host: string): Buffer {
  const params = {
    ...command(op, 1).serialize(),
    Action: op,
    Version: SIMPLEDB_API_VERSION,
    AWSAccessKeyId: credentials.accessKeyId,
    SignatureVersion: "2",
    SignatureMethod: "HmacSHA256",
    Timestamp: isoTimestamp(new Date()),
  };
  const { canonical, signature } = signRequest(
    { method: "POST", host, path: "/", params },
    credentials.secretAccessKey,
  );
  return Buffer.from(`${canonical}&Signature=${uriEscape(signature)}`);
}

/** The floor: a bare keep-alive node:http POST loop, the reply read as text and dropped. */
function rawSender(endpoint: string): { send: Send; destroy(): void } {
  const url = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const bodies: Record<Op, Buffer> = {
    GetAttributes: presignedBody("GetAttributes", url.host),
    PutAttributes: presignedBody("PutAttributes", url.host),
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
            if (res.statusCode !== 200) reject(new Error(`raw ${op}: HTTP ${res.statusCode}`));
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

interface Sample {
  /** Requests per second (wall clock). */
  rate: number;
  /** CPU time of this process (the servers run elsewhere) per request, in µs: the sender's own cost. */
  cpuUs: number;
}

/** Sends `count` requests with `concurrency` in flight. */
async function measure(send: Send, op: Op, count: number, concurrency: number): Promise<Sample> {
  let next = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await send(op, i);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return {
    rate: count / (Number(process.hrtime.bigint() - started) / 1e9),
    cpuUs: (used.user + used.system) / count,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main() {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  const loadBefore = load();
  const rows: Array<Record<string, string | number>> = [];
  for (const kind of ["echo", "simpledb-local"] as const) {
    let target: { endpoint: string; close(): Promise<void> };
    try {
      target = await startServer(kind);
    } catch (err) {
      console.error(`${kind} unavailable, skipped: ${(err as Error).message}`);
      continue;
    }
    const raw = rawSender(target.endpoint);
    const clients = {
      "node:http": new SimpleDbClient({
        endpoint: target.endpoint,
        credentials,
        requestHandler: new NodeHttpHandler(),
        maxAttempts: 1,
      }),
      fetch: new SimpleDbClient({
        endpoint: target.endpoint,
        credentials,
        requestHandler: new FetchHttpHandler(),
        maxAttempts: 1,
      }),
    };
    await clients["node:http"].send(new CreateDomainCommand({ DomainName: "bench" }));
    const senders: Record<string, Send> = {
      raw: raw.send,
      "node:http": (op, i) => clients["node:http"].send(command(op, i) as GetAttributesCommand),
      fetch: (op, i) => clients.fetch.send(command(op, i) as GetAttributesCommand),
    };
    for (const op of ["PutAttributes", "GetAttributes"] as const) {
      for (const send of Object.values(senders)) await measure(send, op, WARMUP, CONCURRENCY);
      for (const [mode, count, concurrency] of [
        ["sequential", SEQUENTIAL, 1],
        [`${CONCURRENCY} concurrent`, REQUESTS, CONCURRENCY],
      ] as const) {
        const runs: Record<string, Sample[]> = { raw: [], "node:http": [], fetch: [] };
        for (let r = 0; r < ROUNDS; r++) {
          for (const [name, send] of Object.entries(senders)) {
            runs[name]?.push(await measure(send, op, count, concurrency));
          }
        }
        const med = (name: string, key: keyof Sample) => median((runs[name] ?? []).map((x) => x[key]));
        rows.push({
          target: kind,
          action: op,
          mode,
          "raw req/s": Math.round(med("raw", "rate")),
          "client req/s": Math.round(med("node:http", "rate")),
          "client/raw": (med("node:http", "rate") / med("raw", "rate")).toFixed(2),
          "raw CPU µs/req": Math.round(med("raw", "cpuUs")),
          "client CPU µs/req": Math.round(med("node:http", "cpuUs")),
          "client on fetch req/s": Math.round(med("fetch", "rate")),
        });
      }
    }
    for (const client of Object.values(clients)) client.destroy();
    raw.destroy();
    await target.close();
  }
  console.log(
    `node ${process.version}; median of ${ROUNDS} alternating rounds; ${SEQUENTIAL} sequential / ${REQUESTS} concurrent requests per round; load average ${loadBefore} before, ${load()} after`,
  );
  console.table(rows);
}

await main();
