/**
 * One leg of the big-file throughput bench in a process of its own, so its peak RSS is not raised by
 * what earlier legs left in the heap (a process keeps its RSS after a 100 MiB part buffer is freed):
 * `tsx rss-leg.ts <raw|aws|s3> <write|read> <namePrefix> [fileId]`. Needs the local stack's variables in
 * the environment. Prints one JSON line: `{"peakMb":…,"seconds":…,"cpuSeconds":…,"fileId":…}` (the client's
 * own CPU time, user + system, during the leg).
 */
import { pipeline } from "node:stream/promises";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createAwsBackend, createS3Backend } from "@jobstore/backend-aws";
import { SimpleDbClient } from "@jobstore/client-simpledb";
import { createJobStore, type JobStore } from "@jobstore/core";
import { BIG_FILE, PART_SIZE, RAW_KEY, sink, source, withPeakRss } from "./big-file.js";
import { localS3 } from "./counting-clients.js";

const [who, direction, prefix, fileId] = process.argv.slice(2);
if (!who || !["raw", "aws", "s3"].includes(who) || !["write", "read"].includes(direction ?? "") || !prefix) {
  throw new Error("usage: rss-leg.ts <raw|aws|s3> <write|read> <namePrefix> [fileId]");
}
const s3 = localS3();
const simpleDb = new SimpleDbClient({ region: "us-east-1", endpoint: process.env.AWS_ENDPOINT_URL_SIMPLEDB });
let store: JobStore | undefined;
if (who !== "raw") {
  store = createJobStore(
    who === "aws"
      ? createAwsBackend({ region: "us-east-1", namePrefix: prefix, s3, simpleDb })
      : createS3Backend({ region: "us-east-1", namePrefix: prefix, s3 }),
  );
  await store.resume();
}
const bucket = `${prefix}--files`;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { result, peakMb } = await withPeakRss(async (): Promise<string | undefined> => {
  if (direction === "write" && store) return store.writeFileStream((w) => pipeline(source(BIG_FILE), w));
  if (direction === "write") {
    const params = { Bucket: bucket, Key: RAW_KEY, Body: source(BIG_FILE) };
    await new Upload({ client: s3, params, partSize: PART_SIZE, queueSize: 2 }).done();
    return undefined;
  }
  if (store) {
    await pipeline(await store.readFileStream(fileId ?? ""), sink());
    return undefined;
  }
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: RAW_KEY }));
  await pipeline(out.Body as NodeJS.ReadableStream, sink());
  return undefined;
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ peakMb, seconds, cpuSeconds, fileId: result }));
await store?.close();
s3.destroy();
simpleDb.destroy();
