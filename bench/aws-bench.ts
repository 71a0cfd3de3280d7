/**
 * `pnpm bench`: request counts per operation of the `aws:` (S3 + SimpleDB) and `s3:` (S3 alone) stores
 * next to the minimum, and throughput of a 256 MiB file through both stores vs raw S3 on the same
 * radosgw, in one run. Needs the local AWS stack (started here when run as root).
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DeleteObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createAwsBackend, createS3Backend } from "@jobstore/backend-aws";
import { createJobStore, type JobStore } from "@jobstore/core";
import { BIG_FILE, MIB, PART_SIZE, RAW_KEY, sink, source, withPeakRss } from "./big-file.js";
import { countingS3, countingSimpleDb, RequestCounter } from "./counting-clients.js";
import { freshProcessRss } from "./fresh-rss.js";
import { ensureLocalStack, stopLocalStack } from "./local-env.js";
import { median } from "./median.js";

const DESTROY_FILES = Number(process.env.BENCH_DESTROY_FILES ?? 10_000);
/** `BENCH_ONLY=throughput` or `BENCH_ONLY=requests` runs one part. */
const ONLY = process.env.BENCH_ONLY;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const started = ensureLocalStack();
const counter = new RequestCounter();
const s3 = countingS3(counter);
const sdb = countingSimpleDb(counter);
const prefix = `bench-${randomBytes(4).toString("hex")}`;
type Scheme = "aws" | "s3";
const SCHEMES: Scheme[] = ["aws", "s3"];
const open = (scheme: Scheme, p = prefix) =>
  createJobStore(
    scheme === "aws"
      ? createAwsBackend({ region: "us-east-1", namePrefix: p, s3, simpleDb: sdb })
      : createS3Backend({ region: "us-east-1", namePrefix: p, s3 }),
  );

/** One measured cell: requests per operation, its minimum, and which requests they were. */
interface Cell {
  measured: number;
  minimum: string;
  detail: string;
}
const rows = new Map<string, Partial<Record<Scheme, Cell>>>();

/** Counts the requests `fn` sends; `minimum` is per scheme (`[aws, s3]`), `per` divides the count. */
async function measure(
  scheme: Scheme,
  operation: string,
  minimum: [string, string],
  fn: () => Promise<unknown>,
  per = 1,
): Promise<void> {
  counter.reset();
  await fn();
  const row = rows.get(operation) ?? {};
  const min = scheme === "aws" ? minimum[0] : minimum[1];
  row[scheme] = {
    measured: Math.round((counter.total() / per) * 100) / 100,
    minimum: min,
    detail: counter.describe(),
  };
  rows.set(operation, row);
}

function table(headers: string[], data: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...data.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...data.map(line)].join("\n");
}

async function requestCounts(scheme: Scheme, store: JobStore): Promise<void> {
  const measure_ = measure.bind(null, scheme);
  const jobs = Array.from({ length: 100 }, (_, i) =>
    store.assignJobId({ jobName: `job-${i}`, command: "run" }),
  );
  await measure_(
    "createJob in a batch (per job)",
    ["1/25 = 0.04", "1"],
    () =>
      store.batch(async () => {
        for (const job of jobs) await store.createJob(job);
      }),
    jobs.length,
  );
  const job = jobs[0]!;
  await measure_("loadJob", ["1", "1"], () => store.loadJob(job.jobStoreId));
  await measure_("jobs() over 100 jobs", ["1 Select", "1 list + 100 GETs"], async () => {
    for await (const _ of store.jobs());
  });
  job.body = randomBytes(4000).toString("base64");
  await measure_("updateJob (growing)", ["1", "1"], () => store.updateJob(job));
  job.body = undefined;
  await measure_("updateJob (shrinking)", ["2", "1"], () => store.updateJob(job));
  let small = "";
  await measure_("write a 200-byte file", ["1", "1"], async () => {
    small = await store.writeFileStream((w) => void w.end(randomBytes(200)), { jobId: job.jobStoreId });
  });
  let medium = "";
  await measure_("write a 1 MiB file (below one part)", ["2", "2"], async () => {
    medium = await store.writeFileStream((w) => void w.end(randomBytes(MIB)), { jobId: job.jobStoreId });
  });
  await measure_("read a 200-byte file", ["1", "1"], async () => {
    for await (const _ of await store.readFileStream(small));
  });
  await measure_("read a 1 MiB file", ["2", "2"], async () => {
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
  await measure_("deleteJob with 100 cleanup files", ["3 + 100/25 + 100/1000 ≈ 8", "—"], () =>
    store.deleteJob(owner.jobStoreId),
  );
}

async function destroyCount(scheme: Scheme): Promise<void> {
  const p = `${prefix}-${scheme}-d`;
  const store = open(scheme, p);
  await store.initialize();
  for (let i = 0; i < DESTROY_FILES; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, DESTROY_FILES - i) }, () =>
        store.writeFileStream((w) => void w.end(randomBytes(300))),
      ),
    );
  }
  await measure(
    scheme,
    `destroy a store of ${DESTROY_FILES} files`,
    ["≤ 40", "≤ 25 per 10,000 objects; here 20,000 (record + content): ≥ 40"],
    () => store.destroy(),
  );
  await store.close();
}

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

type Leg = "rawW" | "awsW" | "s3W" | "rawR" | "awsR" | "s3R";

/**
 * Raw SDK, `aws:` and `s3:`, alternating within each of `ROUNDS` rounds (so all see the same load), write
 * then read; medians of seconds and of peak RSS.
 */
async function throughput(stores: Record<Scheme, JobStore>): Promise<string[][]> {
  const partSize = PART_SIZE;
  const bucket = `${prefix}--files`;
  const rawKey = RAW_KEY;
  const legs: Leg[] = ["rawW", "awsW", "s3W", "rawR", "awsR", "s3R"];
  const m = Object.fromEntries(legs.map((l) => [l, [] as number[]])) as Record<Leg, number[]>;
  const rss = Object.fromEntries(legs.map((l) => [l, [] as number[]])) as Record<Leg, number[]>;
  const record = (k: Leg, r: { s: number; peakMb: number }) => {
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
    const fileIds = { aws: "", s3: "" };
    for (const scheme of SCHEMES) {
      record(
        `${scheme}W`,
        await timed(async () => {
          fileIds[scheme] = await stores[scheme].writeFileStream((w) => pipeline(source(BIG_FILE), w));
        }),
      );
    }
    record(
      "rawR",
      await timed(async () => {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: rawKey }));
        await pipeline(out.Body as Readable, sink());
      }),
    );
    for (const scheme of SCHEMES) {
      const store = stores[scheme];
      record(
        `${scheme}R`,
        await timed(async () => pipeline(await store.readFileStream(fileIds[scheme]), sink())),
      );
      await store.deleteFile(fileIds[scheme]);
    }
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: rawKey }));
  }
  const mbps = (xs: number[]) => (BIG_FILE / MIB / median(xs)).toFixed(1);
  const ratio = (raw: Leg, mine: Leg) => (median(m[raw]) / median(m[mine])).toFixed(2);
  const mb = (leg: Leg) => median(rss[leg]).toFixed(0);
  const row = (name: string, d: "W" | "R") => {
    const [raw, aws, s3leg] = [`raw${d}`, `aws${d}`, `s3${d}`] as [Leg, Leg, Leg];
    return [
      name,
      mbps(m[raw]),
      mbps(m[aws]),
      ratio(raw, aws),
      mbps(m[s3leg]),
      ratio(raw, s3leg),
      `${mb(raw)} / ${mb(aws)} / ${mb(s3leg)}`,
    ];
  };
  return [row("write", "W"), row("read", "R")];
}

try {
  const stores = { aws: open("aws"), s3: open("s3") };
  await stores.aws.initialize();
  await stores.s3.initialize();
  try {
    if (ONLY !== "throughput") {
      for (const scheme of SCHEMES) {
        await requestCounts(scheme, stores[scheme]);
        await destroyCount(scheme);
      }
      console.log("\nHTTP requests per operation (S3 operations + SimpleDB actions), aws: and s3:\n");
      const cell = (c: Cell | undefined) => (c ? String(c.measured) : "—");
      console.log(
        table(
          ["operation", "aws:", "aws: minimum", "s3:", "s3: minimum", "aws: requests", "s3: requests"],
          [...rows].map(([operation, r]) => [
            operation,
            cell(r.aws),
            r.aws?.minimum ?? "—",
            cell(r.s3),
            r.s3?.minimum ?? "—",
            r.aws?.detail ?? "",
            r.s3?.detail ?? "",
          ]),
        ),
      );
    }
    if (ONLY !== "requests") {
      const load = os.loadavg()[0]?.toFixed(1);
      const t = await throughput(stores);
      console.log(
        `\nThroughput of a ${BIG_FILE / MIB} MiB file, 50 MiB parts, same radosgw: raw and store alternating, ` +
          `median of ${ROUNDS} rounds; load average ${load} before, ${os.loadavg()[0]?.toFixed(1)} after\n`,
      );
      console.log(
        table(
          [
            "direction",
            "raw S3 MB/s",
            "aws: MB/s",
            "aws:/raw",
            "s3: MB/s",
            "s3:/raw",
            "peak RSS MB raw / aws: / s3:",
          ],
          t,
        ),
      );
      const fresh = await freshProcessRss(
        prefix,
        ROUNDS,
        (id) => stores.aws.deleteFile(id),
        (id) => stores.s3.deleteFile(id),
      );
      console.log(
        `\nPeak RSS in MB (and the client's CPU seconds) of each leg in a fresh process (tsx rss-leg.ts), ` +
          `median of ${ROUNDS} rounds: the RSS above also holds what earlier legs of that process left behind\n`,
      );
      console.log(table(["direction", "raw S3", "aws:", "s3:"], fresh));
    }
  } finally {
    for (const store of Object.values(stores)) {
      await store.destroy();
      await store.close();
    }
  }
} finally {
  s3.destroy();
  sdb.destroy();
  if (started) stopLocalStack();
}
