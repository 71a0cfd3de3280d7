/**
 * Small operations at 64 in flight: `updateJob`, `loadJob` and new-file writes of 200 B (inline in
 * SimpleDB on `aws:`) and 4 KiB, through `openJobStore("aws:…")` and `openJobStore("s3:…")`, against
 * the same requests sent raw (SimpleDB and S3 clients, no store) at the same concurrency, on the same
 * local stack, in one run. Store and raw take turns, round after round; the table shows the median.
 *
 * "The same requests": the store's clients record what one call of each operation sends; the raw
 * side replays those requests (conditions dropped, so a replay cannot fail on a stale version; new
 * items and objects renamed per call). So the ratio is the store's own cost over the requests it must
 * make, not a comparison with a cheaper protocol. The CPU columns are this process's CPU time per
 * operation (the servers run elsewhere): the store's own cost, less disturbed by a loaded machine.
 *
 *   npx tsx bench/concurrency-bench.ts [opsPerRound] [rounds]
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import * as s3sdk from "@aws-sdk/client-s3";
import { S3Client } from "@aws-sdk/client-s3";
import "@jobstore/backend-aws";
import { SimpleDbClient } from "@jobstore/client-simpledb";
import { type JobStore, openJobStore, type StoredJob } from "@jobstore/core";
import { ensureLocalStack, stopLocalStack } from "./local-env.js";
import { median } from "./median.js";

const CONCURRENCY = 64;
const OPS = Number(process.argv[2] ?? 256);
const ROUNDS = Math.max(3, Number(process.argv[3] ?? 3));

type Recorded =
  | { kind: "sdb"; command: { constructor: unknown; input: Record<string, unknown> } }
  | { kind: "s3"; name: string; input: Record<string, unknown> };

/** Clients that can note what they send while `log` is set. */
class RecordingSimpleDb extends SimpleDbClient {
  log: Recorded[] | undefined;
  override send: SimpleDbClient["send"] = (command, options) => {
    this.log?.push({ kind: "sdb", command: command as never });
    return super.send(command, options);
  };
}

function s3Client(log?: { current: Recorded[] | undefined }): S3Client {
  const client = new S3Client({
    region: process.env.AWS_REGION ?? "us-east-1",
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  if (log !== undefined) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        log.current?.push({
          kind: "s3",
          name: context.commandName as string,
          input: { ...(args.input as object) },
        });
        return next(args);
      },
      { step: "initialize", name: "benchRecorder" },
    );
  }
  return client;
}

interface Op {
  name: string;
  /** One store call; `i` numbers the call within the round, `w` is the worker (0–63). */
  store(i: number, w: number): Promise<unknown>;
}

interface Sample {
  /** Operations per second (wall clock). */
  rate: number;
  /** This process's CPU time per operation in µs (the servers run in other processes). */
  cpuUs: number;
}

/** Runs `count` calls of `run` with `CONCURRENCY` in flight. */
async function rateOf(count: number, run: (i: number, w: number) => Promise<unknown>): Promise<Sample> {
  let next = 0;
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = next++; i < count; i = next++) await run(i, w);
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    rate: count / (Number(process.hrtime.bigint() - started) / 1e9),
    cpuUs: (used.user + used.system) / count,
  };
}

const rate = (run: (i: number, w: number) => Promise<unknown>) => rateOf(OPS, run);

/**
 * Turns the requests one store call sent into a raw call that sends them again, in order.
 * Conditions are dropped; writes go to a fresh item or key per call when `fresh` (new files).
 */
function replayer(
  recorded: Recorded[],
  sdb: SimpleDbClient,
  s3: S3Client,
  fresh: boolean,
): (i: number, w: number) => Promise<void> {
  const tag = randomBytes(3).toString("hex");
  return async (i, w) => {
    const suffix = fresh ? `.raw-${tag}-${i}` : `.raw-${tag}-w${w}`;
    for (const r of recorded) {
      if (r.kind === "sdb") {
        const input = { ...r.command.input };
        const write = "Attributes" in input && !("AttributeNames" in input) && "ItemName" in input;
        if (write) input.ItemName = `${String(input.ItemName)}${suffix}`;
        delete input.Expected;
        const Command = r.command.constructor as new (input: unknown) => never;
        await sdb.send(new Command(input));
      } else {
        const input = { ...r.input };
        delete input.IfMatch;
        delete input.IfNoneMatch;
        if (r.name === "PutObjectCommand") input.Key = `${String(input.Key)}${suffix}`;
        const Command = (s3sdk as unknown as Record<string, new (input: unknown) => never>)[r.name];
        if (Command === undefined) throw new Error(`cannot replay ${r.name}`);
        const out = (await s3.send(new Command(input))) as {
          Body?: { transformToByteArray(): Promise<Uint8Array> };
        };
        await out.Body?.transformToByteArray();
      }
    }
  };
}

function requestName(r: Recorded): string {
  const name = r.kind === "sdb" ? (r.command.constructor as { name: string }).name : r.name;
  return name.replace(/Command$/, "");
}

async function benchScheme(
  scheme: "aws" | "s3",
  rows: Array<Record<string, string | number>>,
): Promise<void> {
  const region = process.env.AWS_REGION ?? "us-east-1";
  const locator = `${scheme}:${region}:cb-${randomBytes(4).toString("hex")}`;
  const s3Log: { current: Recorded[] | undefined } = { current: undefined };
  const recordingSdb = new RecordingSimpleDb({ region });
  const recordingS3 = s3Client(s3Log);
  let store: JobStore;
  try {
    store = await openJobStore(locator, { s3: recordingS3, simpleDb: recordingSdb });
    await store.initialize();
  } catch (error) {
    console.log(`${scheme}: skipped, openJobStore("${locator}") failed: ${(error as Error).message}`);
    recordingS3.destroy();
    recordingSdb.destroy();
    return;
  }
  const rawSdb = new SimpleDbClient({ region });
  const rawS3 = s3Client();
  try {
    const jobs: StoredJob[] = [];
    await store.batch(async () => {
      for (let w = 0; w < CONCURRENCY; w++) {
        jobs.push(await store.createJob(store.assignJobId({ jobName: `job-${w}`, command: "run step" })));
      }
    });
    const owner = (jobs[0] as StoredJob).jobStoreId;
    const small = randomBytes(200);
    const fewKiB = randomBytes(4 * 1024);
    const ops: Array<Op & { fresh: boolean }> = [
      {
        name: "updateJob",
        fresh: false,
        store: (i, w) => {
          const job = jobs[w] as StoredJob;
          job.attempt = i % 5;
          return store.updateJob(job);
        },
      },
      { name: "loadJob", fresh: false, store: (_, w) => store.loadJob((jobs[w] as StoredJob).jobStoreId) },
      {
        name: "write 200 B file",
        fresh: true,
        store: () => store.writeFileStream((out) => void out.end(small), { jobId: owner }),
      },
      {
        name: "write 4 KiB file",
        fresh: true,
        store: () => store.writeFileStream((out) => void out.end(fewKiB), { jobId: owner }),
      },
    ];
    for (const op of ops) {
      // Record what one call sends (after a warm-up call, so one-time lookups are not in it).
      await op.store(0, 0);
      const recorded: Recorded[] = [];
      recordingSdb.log = recorded;
      s3Log.current = recorded;
      await op.store(1, 0);
      recordingSdb.log = undefined;
      s3Log.current = undefined;
      const raw = replayer(recorded, rawSdb, rawS3, op.fresh);
      // Warm both paths up at full concurrency (connection pools, JIT) before measuring.
      await rateOf(CONCURRENCY, (i, w) => op.store(i, w));
      await rateOf(CONCURRENCY, raw);
      const storeRuns: Sample[] = [];
      const rawRuns: Sample[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        storeRuns.push(await rate((i, w) => op.store(i, w)));
        rawRuns.push(await rate(raw));
      }
      const s = median(storeRuns.map((x) => x.rate));
      const w = median(rawRuns.map((x) => x.rate));
      rows.push({
        scheme,
        op: op.name,
        "requests per op": recorded.map(requestName).join(" + "),
        "store ops/s": Math.round(s),
        "raw ops/s": Math.round(w),
        ratio: (s / w).toFixed(2),
        "store CPU µs/op": Math.round(median(storeRuns.map((x) => x.cpuUs))),
        "raw CPU µs/op": Math.round(median(rawRuns.map((x) => x.cpuUs))),
      });
    }
  } finally {
    await store.destroy().catch((e: unknown) => console.error(`destroy ${locator}: ${(e as Error).message}`));
    await store.close().catch(() => undefined);
    rawSdb.destroy();
    rawS3.destroy();
    recordingSdb.destroy();
    recordingS3.destroy();
  }
}

async function main(): Promise<void> {
  const started = ensureLocalStack();
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  const before = load();
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const scheme of ["aws", "s3"] as const) await benchScheme(scheme, rows);
  } finally {
    if (started) stopLocalStack();
  }
  console.log(
    `${CONCURRENCY} in flight, ${OPS} ops per round, median of ${ROUNDS} alternating rounds; load average ${before} before, ${load()} after`,
  );
  console.table(rows);
}

await main();
