/**
 * What the 256 MiB throughput legs share, in the parent run and in a fresh-process leg: the generated
 * source, the sink, the part size and the peak-RSS sampler.
 */
import { randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";

export const MIB = 1024 * 1024;
/** The big file's size: `BENCH_BIG_MIB` MiB, 256 by default. */
export const BIG_FILE = Number(process.env.BENCH_BIG_MIB ?? 256) * MIB;
/** Part size of the raw SDK upload (the stores use their own default, also 50 MiB). */
export const PART_SIZE = 50 * MIB;
/** Where the raw legs put their object, in the `aws:` store's content bucket. */
export const RAW_KEY = "bench/raw-object";

/** A deterministic stream of `size` bytes, generated as it is read (never all in memory). */
export function source(size: number): Readable {
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

/** A Writable that drops what it gets. */
export const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });

/** Peak RSS sampled every 20 ms while `fn` runs. */
export async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await fn();
    return { result, peakMb: Math.max(peak, process.memoryUsage().rss) / MIB };
  } finally {
    clearInterval(timer);
  }
}
