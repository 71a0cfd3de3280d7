import { randomUUID } from "node:crypto";
import type { StoredJob } from "@jobstore/core";
import type { MetadataRecord } from "@jobstore/object-store";

/** A job with `extra` fields (the layer stores jobs as opaque JSON). */
export function job(id: string = randomUUID(), extra: Record<string, unknown> = {}): StoredJob {
  return { jobStoreId: id, jobName: "test", version: 1, ...extra } as StoredJob;
}

/** A record of `kind` named `name` with inline content `text` and a fresh version token. */
export function record(
  kind: MetadataRecord["kind"],
  name: string,
  extra: Partial<MetadataRecord> = {},
  text = "hello",
): MetadataRecord {
  return {
    kind,
    name,
    version: randomUUID(),
    checksum: "0".repeat(64),
    size: text.length,
    encrypted: false,
    inline: Buffer.from(text),
    cleanup: false,
    executable: false,
    read: false,
    ...extra,
  };
}

/** Every item of an async iterable. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The sorted names of `records`. */
export const namesOf = (records: readonly MetadataRecord[]): string[] => records.map((r) => r.name).sort();

/** Runs `work` over `items`, at most `width` at a time. */
export async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
}

/** Per-test timeout. */
export const timeoutOf = (options: { testTimeoutMs?: number }) => options.testTimeoutMs ?? 60_000;
