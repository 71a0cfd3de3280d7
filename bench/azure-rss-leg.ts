/**
 * One leg of the `azure:` big-file bench in a process of its own, so its peak RSS is not raised by what
 * earlier legs left in the heap: `tsx azure-rss-leg.ts <raw|azure> <write|read> <container> [fileId]`.
 * Needs AZURE_STORAGE_CONNECTION_STRING. Prints one JSON line: `{"peakMb":…,"seconds":…,"cpuSeconds":…,"fileId":…}`.
 */
import { pipeline } from "node:stream/promises";
import { BlobServiceClient } from "@azure/storage-blob";
import { createAzureBackend } from "@jobstore/backend-azure";
import { createJobStore } from "@jobstore/core";
import { BIG_FILE, PART_SIZE, RAW_KEY, sink, source, withPeakRss } from "./big-file.js";

const [who, direction, container, fileId] = process.argv.slice(2);
if (!who || !["raw", "azure"].includes(who) || !["write", "read"].includes(direction ?? "") || !container) {
  throw new Error("usage: azure-rss-leg.ts <raw|azure> <write|read> <container> [fileId]");
}
const connection = process.env.AZURE_STORAGE_CONNECTION_STRING as string;
const account = /AccountName=([^;]+)/.exec(connection)?.[1] ?? "devstoreaccount1";
const raw = BlobServiceClient.fromConnectionString(connection).getContainerClient(container);
const store = who === "azure" ? createJobStore(createAzureBackend({ account, container })) : undefined;
await store?.resume();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const { result, peakMb } = await withPeakRss(async (): Promise<string | undefined> => {
  if (direction === "write" && store) return store.writeFileStream((w) => pipeline(source(BIG_FILE), w));
  if (direction === "write") {
    await raw.getBlockBlobClient(RAW_KEY).uploadStream(source(BIG_FILE), PART_SIZE, 2);
    return undefined;
  }
  if (store) {
    await pipeline(await store.readFileStream(fileId ?? ""), sink());
    return undefined;
  }
  const answer = await raw.getBlobClient(RAW_KEY).download();
  await pipeline(answer.readableStreamBody as NodeJS.ReadableStream, sink());
  return undefined;
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ peakMb, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, fileId: result }));
await store?.close();
