/**
 * The `azure:` part of `pnpm bench`: request counts per operation of an `azure:` store (counted by an
 * HTTP proxy in front of Azurite) next to the minimum, and a 256 MiB file through `azure:` vs raw
 * `@azure/storage-blob` on the same Azurite, with the peak RSS of each leg in a fresh process. Needs
 * AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_BLOB_ENDPOINT (scripts/bench.sh starts Azurite).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { BlobServiceClient } from "@azure/storage-blob";
import { createAzureBackend } from "@jobstore/backend-azure";
import { createJobStore, type JobStore } from "@jobstore/core";
import { startCountingProxy } from "./azure-counting-proxy.js";
import { BIG_FILE, MIB, PART_SIZE, RAW_KEY, sink, source, withPeakRss } from "./big-file.js";
import { RequestCounter } from "./counting-clients.js";
import { median } from "./median.js";

const ONLY = process.env.BENCH_ONLY;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const JOBS_LISTED = Number(process.env.BENCH_AZURE_JOBS ?? 100);
const connection = process.env.AZURE_STORAGE_CONNECTION_STRING;
const upstream = process.env.AZURE_STORAGE_BLOB_ENDPOINT;
if (!connection || !upstream) {
  throw new Error("azure-bench: AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_BLOB_ENDPOINT are unset");
}
const account = /AccountName=([^;]+)/.exec(connection)?.[1] ?? "devstoreaccount1";
const counter = new RequestCounter();
const proxy = await startCountingProxy(upstream, counter);
const container = `bench-${randomBytes(4).toString("hex")}`;

function table(headers: string[], data: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...data.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...data.map(line)].join("\n");
}

const rows: string[][] = [];
/** Counts the requests `fn` sends through the proxy, per `per` operations. */
async function measure(operation: string, minimum: string, fn: () => Promise<unknown>, per = 1) {
  counter.reset();
  await fn();
  rows.push([
    operation,
    String(Math.round((counter.total() / per) * 100) / 100),
    minimum,
    counter.describe(),
  ]);
}

async function requestCounts(store: JobStore): Promise<void> {
  const jobs = Array.from({ length: JOBS_LISTED }, (_, i) =>
    store.assignJobId({ jobName: `job-${i}`, command: "run" }),
  );
  await measure(
    "createJob in a batch (per job)",
    "1",
    () =>
      store.batch(async () => {
        for (const job of jobs) await store.createJob(job);
      }),
    jobs.length,
  );
  const job = jobs[0]!;
  await measure("loadJob", "1", () => store.loadJob(job.jobStoreId));
  await measure(`jobs() over ${JOBS_LISTED} jobs`, `1 list per 5000 + ${JOBS_LISTED} GETs`, async () => {
    for await (const _ of store.jobs());
  });
  job.body = randomBytes(4000).toString("base64");
  await measure("updateJob (growing)", "1", () => store.updateJob(job));
  job.body = undefined;
  await measure("updateJob (shrinking)", "1", () => store.updateJob(job));
  let small = "";
  await measure("write a 200-byte file", "1", async () => {
    small = await store.writeFileStream((w) => void w.end(randomBytes(200)), { jobId: job.jobStoreId });
  });
  let medium = "";
  await measure("write a 1 MiB file (below one part)", "2", async () => {
    medium = await store.writeFileStream((w) => void w.end(randomBytes(MIB)), { jobId: job.jobStoreId });
  });
  await measure("read a 200-byte file", "1", async () => {
    for await (const _ of await store.readFileStream(small));
  });
  await measure("read a 1 MiB file", "2", async () => {
    for await (const _ of await store.readFileStream(medium));
  });
}

type Leg = "rawW" | "azureW" | "rawR" | "azureR";

/** Raw SDK and `azure:` alternating within each round, write then read; medians of seconds and peak RSS. */
async function throughput(store: JobStore): Promise<string[][]> {
  const raw = BlobServiceClient.fromConnectionString(connection as string)
    .getContainerClient(container)
    .getBlockBlobClient(RAW_KEY);
  const legs: Leg[] = ["rawW", "azureW", "rawR", "azureR"];
  const s = Object.fromEntries(legs.map((l) => [l, [] as number[]])) as Record<Leg, number[]>;
  const rss = Object.fromEntries(legs.map((l) => [l, [] as number[]])) as Record<Leg, number[]>;
  const timed = async (leg: Leg, fn: () => Promise<unknown>) => {
    const { result, peakMb } = await withPeakRss(async () => {
      const t0 = performance.now();
      await fn();
      return (performance.now() - t0) / 1000;
    });
    s[leg].push(result);
    rss[leg].push(peakMb);
  };
  for (let round = 0; round < ROUNDS; round++) {
    await timed("rawW", () => raw.uploadStream(source(BIG_FILE), PART_SIZE, 2));
    let id = "";
    await timed("azureW", async () => {
      id = await store.writeFileStream((w) => pipeline(source(BIG_FILE), w));
    });
    await timed("rawR", async () => pipeline((await raw.download()).readableStreamBody!, sink()));
    await timed("azureR", async () => pipeline(await store.readFileStream(id), sink()));
    await store.deleteFile(id);
    await raw.delete();
  }
  const mbps = (leg: Leg) => (BIG_FILE / MIB / median(s[leg])).toFixed(1);
  const row = (name: string, rawLeg: Leg, mine: Leg) => [
    name,
    mbps(rawLeg),
    mbps(mine),
    (median(s[rawLeg]) / median(s[mine])).toFixed(2),
    `${median(rss[rawLeg]).toFixed(0)} / ${median(rss[mine]).toFixed(0)}`,
  ];
  return [row("write", "rawW", "azureW"), row("read", "rawR", "azureR")];
}

/** Peak RSS (MB) and CPU seconds of each leg in a fresh process (azure-rss-leg.ts), median of ROUNDS. */
async function freshRss(store: JobStore): Promise<string[][]> {
  const tsx = join(import.meta.dirname, "node_modules", ".bin", "tsx");
  const leg = (who: string, direction: string, fileId = "") =>
    JSON.parse(
      execFileSync(tsx, [join(import.meta.dirname, "azure-rss-leg.ts"), who, direction, container, fileId], {
        cwd: import.meta.dirname,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      })
        .trim()
        .split("\n")
        .at(-1) as string,
    ) as { peakMb: number; cpuSeconds: number; fileId?: string };
  const seen = new Map<string, { peakMb: number; cpuSeconds: number }[]>();
  const note = (key: string, r: { peakMb: number; cpuSeconds: number }) =>
    seen.set(key, [...(seen.get(key) ?? []), r]);
  for (let round = 0; round < ROUNDS; round++) {
    note("raw write", leg("raw", "write"));
    note("raw read", leg("raw", "read"));
    const written = leg("azure", "write");
    note("azure write", written);
    note("azure read", leg("azure", "read", written.fileId));
    await store.deleteFile(written.fileId ?? "");
  }
  const cell = (key: string) => {
    const rs = seen.get(key) ?? [];
    return `${median(rs.map((r) => r.peakMb)).toFixed(0)} (${median(rs.map((r) => r.cpuSeconds)).toFixed(2)})`;
  };
  return (["write", "read"] as const).map((d) => [d, cell(`raw ${d}`), cell(`azure ${d}`)]);
}

const store = createJobStore(createAzureBackend({ account, container, endpoint: proxy.endpoint }));
try {
  await store.initialize();
  if (ONLY !== "throughput") {
    await requestCounts(store);
    console.log("\nHTTP requests per operation, azure: (Azurite, counted by a proxy; minimums as for s3:)\n");
    console.log(table(["operation", "azure:", "azure: minimum", "azure: requests"], rows));
  }
  if (ONLY !== "requests") {
    const load = os.loadavg()[0]?.toFixed(1);
    const t = await throughput(store);
    console.log(
      `\nThroughput of a ${BIG_FILE / MIB} MiB file, 50 MiB blocks, same Azurite: raw @azure/storage-blob and ` +
        `azure: alternating, median of ${ROUNDS} rounds; load average ${load} before, ${os.loadavg()[0]?.toFixed(1)} after\n`,
    );
    console.log(table(["direction", "raw MB/s", "azure: MB/s", "azure:/raw", "peak RSS MB raw / azure:"], t));
    const fresh = await freshRss(store);
    console.log(
      `\nPeak RSS in MB (and the client's CPU seconds) of each leg in a fresh process (tsx azure-rss-leg.ts), median of ${ROUNDS} rounds\n`,
    );
    console.log(table(["direction", "raw @azure/storage-blob", "azure:"], fresh));
  }
} finally {
  await store.destroy();
  await store.close();
  await proxy.close();
}
