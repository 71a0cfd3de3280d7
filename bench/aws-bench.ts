/**
 * `pnpm bench`: request counts per operation of the AWS backend next to the theoretical minimum, and
 * throughput of a 256 MiB file through the store vs raw S3 on the same radosgw, in one run.
 * Needs the local AWS stack (started here when run as root).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createAwsBackend } from "@jobstore/backend-aws";
import { createJobStore, type JobStore } from "@jobstore/core";
import { countingS3, countingSimpleDb, RequestCounter } from "./counting-clients.js";
import { ensureLocalStack, stopLocalStack } from "./local-env.js";

const MIB = 1024 * 1024;
const BIG_FILE = Number(process.env.BENCH_BIG_MIB ?? 256) * MIB;
const DESTROY_FILES = Number(process.env.BENCH_DESTROY_FILES ?? 10_000);
/** `BENCH_ONLY=throughput` or `BENCH_ONLY=requests` runs one part. */
const ONLY = process.env.BENCH_ONLY;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const started = ensureLocalStack();
const counter = new RequestCounter();
const s3 = countingS3(counter);
const sdb = countingSimpleDb(counter);
const prefix = `bench-${randomBytes(4).toString("hex")}`;
const open = (p = prefix) =>
  createJobStore(createAwsBackend({ region: "us-east-1", namePrefix: p, s3, simpleDb: sdb }));

interface Row {
  operation: string;
  measured: number;
  minimum: string;
  detail: string;
}
const rows: Row[] = [];

async function measure(
  operation: string,
  minimum: string,
  fn: () => Promise<unknown>,
  per = 1,
): Promise<void> {
  counter.reset();
  await fn();
  rows.push({ operation, measured: counter.total() / per, minimum, detail: counter.describe() });
}

function table(headers: string[], data: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...data.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...data.map(line)].join("\n");
}

async function requestCounts(store: JobStore): Promise<void> {
  const jobs = Array.from({ length: 100 }, (_, i) =>
    store.assignJobId({ jobName: `job-${i}`, command: "run" }),
  );
  await measure(
    "createJob in a batch (per job)",
    "1/25 = 0.04",
    () =>
      store.batch(async () => {
        for (const job of jobs) await store.createJob(job);
      }),
    jobs.length,
  );
  const job = jobs[0]!;
  await measure("loadJob", "1", () => store.loadJob(job.jobStoreId));
  job.body = randomBytes(4000).toString("base64");
  await measure("updateJob (growing)", "1", () => store.updateJob(job));
  job.body = undefined;
  await measure("updateJob (shrinking)", "2", () => store.updateJob(job));
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
  const owner = jobs[1]!;
  for (let i = 0; i < 100; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.writeFileStream((w) => void w.end(randomBytes(300)), {
          jobId: owner.jobStoreId,
          cleanup: true,
        }),
      ),
    );
  }
  await measure("deleteJob with 100 cleanup files", "3 + 100/25 + 100/1000 ≈ 8", () =>
    store.deleteJob(owner.jobStoreId),
  );
}

async function destroyCount(): Promise<void> {
  const p = `${prefix}-d`;
  const store = open(p);
  await store.initialize();
  for (let i = 0; i < DESTROY_FILES; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, DESTROY_FILES - i) }, () =>
        store.writeFileStream((w) => void w.end(randomBytes(300))),
      ),
    );
  }
  await measure(`destroy a store of ${DESTROY_FILES} files`, "≤ 40", () => store.destroy());
  await store.close();
}

/** Peak RSS sampled while `fn` runs. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await fn();
    return { result, peakMb: Math.max(peak, process.memoryUsage().rss) / MIB };
  } finally {
    clearInterval(timer);
  }
}

/** A deterministic stream of `size` bytes, generated as it is read (never all in memory). */
function source(size: number): Readable {
  const block = randomBytes(MIB);
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(block.length, size - sent);
      sent += n;
      this.push(block.subarray(0, n));
    },
  });
}

const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] as number;
const gc = (globalThis as { gc?: () => void }).gc;

/** Seconds and peak RSS (MB) of `fn`, after a GC when `--expose-gc` is given (so rounds start alike). */
async function timed(fn: () => Promise<unknown>): Promise<{ s: number; peakMb: number }> {
  gc?.();
  const { result, peakMb } = await withPeakRss(async () => {
    const t0 = performance.now();
    await fn();
    return (performance.now() - t0) / 1000;
  });
  return { s: result, peakMb };
}

/**
 * Raw SDK and store, alternating within each of `ROUNDS` rounds (so both see the same load), write
 * then read; medians of seconds and of peak RSS.
 */
async function throughput(store: JobStore): Promise<string[][]> {
  const partSize = 50 * MIB;
  const bucket = `${prefix}--files`;
  const rawKey = "bench/raw-object";
  const m = { rawW: [] as number[], storeW: [] as number[], rawR: [] as number[], storeR: [] as number[] };
  const rss = { rawW: [] as number[], storeW: [] as number[], rawR: [] as number[], storeR: [] as number[] };
  const record = (k: keyof typeof m, r: { s: number; peakMb: number }) => {
    m[k].push(r.s);
    rss[k].push(r.peakMb);
  };
  for (let round = 0; round < ROUNDS; round++) {
    record(
      "rawW",
      await timed(() =>
        new Upload({
          client: s3,
          params: { Bucket: bucket, Key: rawKey, Body: source(BIG_FILE) },
          partSize,
          queueSize: 2,
        }).done(),
      ),
    );
    let fileId = "";
    record(
      "storeW",
      await timed(async () => {
        fileId = await store.writeFileStream((w) => pipeline(source(BIG_FILE), w));
      }),
    );
    record(
      "rawR",
      await timed(async () => {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: rawKey }));
        await pipeline(out.Body as Readable, sink());
      }),
    );
    record("storeR", await timed(async () => pipeline(await store.readFileStream(fileId), sink())));
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: rawKey }));
    await store.deleteFile(fileId);
  }
  const mbps = (xs: number[]) => (BIG_FILE / MIB / median(xs)).toFixed(1);
  const row = (name: string, raw: "rawW" | "rawR", mine: "storeW" | "storeR") => [
    name,
    mbps(m[raw]),
    mbps(m[mine]),
    (median(m[raw]) / median(m[mine])).toFixed(2),
    median(rss[raw]).toFixed(0),
    median(rss[mine]).toFixed(0),
  ];
  return [row("write", "rawW", "storeW"), row("read", "rawR", "storeR")];
}

try {
  const store = open();
  await store.initialize();
  try {
    if (ONLY !== "throughput") {
      await requestCounts(store);
      await destroyCount();
      console.log("\nHTTP requests per operation (S3 operations + SimpleDB actions)\n");
      console.log(
        table(
          ["operation", "measured", "minimum", "requests"],
          rows.map((r) => [r.operation, String(r.measured), r.minimum, r.detail]),
        ),
      );
    }
    if (ONLY !== "requests") {
      const load = os.loadavg()[0]?.toFixed(1);
      const t = await throughput(store);
      console.log(
        `\nThroughput of a ${BIG_FILE / MIB} MiB file, 50 MiB parts, same radosgw: raw and store alternating, ` +
          `median of ${ROUNDS} rounds; load average ${load} before, ${os.loadavg()[0]?.toFixed(1)} after\n`,
      );
      console.log(
        table(
          ["direction", "raw S3 MB/s", "store MB/s", "store/raw", "raw peak RSS MB", "store peak RSS MB"],
          t,
        ),
      );
    }
  } finally {
    await store.destroy();
    await store.close();
  }
} finally {
  s3.destroy();
  sdb.destroy();
  if (started) stopLocalStack();
}
