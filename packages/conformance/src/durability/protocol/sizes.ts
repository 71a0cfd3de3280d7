import type { JobStoreCapabilities } from "@jobstore/core";

/** Multipart sizes are written only when one part is at most this big (they cost a real upload each). */
const MAX_CHEAP_PART = 8 * 1024 * 1024;
/** The smallest self-describing file (its header). */
const MIN_FILE = 120;

/**
 * Encoded job sizes around the backend's limits: whole multiples of `jobChunkSize` ±1 (so the chunk count
 * changes between writes, leaving residual chunks) in `chunked`, and both sides of
 * `overlargeJobThreshold` (so jobs move in and out of the spill object) in `spill`. Backends without
 * such limits get a spread up to 300 KB.
 */
export function jobSizes(caps: JobStoreCapabilities): { chunked: number[]; spill: number[] } {
  const chunked = new Set<number>([300, 2_000]);
  const spill = new Set<number>();
  const chunk = caps.jobChunkSize;
  const threshold = caps.overlargeJobThreshold;
  if (chunk > 0) {
    for (const k of [1, 2, 3, 5, 9, 17, 40]) {
      for (const d of [-1, 1])
        if (chunk * k + d < (threshold || Number.POSITIVE_INFINITY)) chunked.add(chunk * k + d);
    }
  }
  if (threshold > 0) {
    for (const s of [
      threshold - chunk,
      threshold - 1,
      threshold,
      threshold + 1,
      threshold * 1.2,
      threshold * 1.4,
    ]) {
      if (s > 0) spill.add(Math.round(s));
    }
  }
  if (chunk === 0 && threshold === 0) for (const s of [40_000, 300_000]) chunked.add(s);
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return { chunked: sorted(chunked), spill: sorted(spill) };
}

/** A job size: half of the time around the spill threshold (when the backend has one). */
export function pickJobSize(
  sizes: { chunked: number[]; spill: number[] },
  random: () => number = Math.random,
) {
  const group = sizes.spill.length > 0 && random() < 0.5 ? sizes.spill : sizes.chunked;
  return group[Math.floor(random() * group.length)] as number;
}

/**
 * File sizes around `inlineFileLimit` (256 when 0) and a larger one; sizes of about one `partSize` only
 * when a part is at most 8 MiB (`withParts`).
 */
export function fileSizes(caps: JobStoreCapabilities, withParts: boolean): number[] {
  const inline = caps.inlineFileLimit || 256;
  const sizes = new Set<number>(
    [MIN_FILE, inline - 1, inline, inline + 1, 2 * inline, 70_000].filter((s) => s >= MIN_FILE),
  );
  if (withParts && caps.partSize > 0 && caps.partSize <= MAX_CHEAP_PART) {
    sizes.add(caps.partSize - 1);
    sizes.add(caps.partSize + 1);
  }
  return [...sizes].sort((a, b) => a - b);
}

/**
 * The crash check's large write and how much of it the worker hands over before it holds the rest back
 * (the kill lands in the hold): with cheap parts, two parts and a byte, of which the first part and one
 * more byte (a multipart upload dispatches a full part only once a further byte arrives); otherwise the
 * largest file size, half of it.
 */
export function largeWrite(caps: Pick<JobStoreCapabilities, "partSize" | "inlineFileLimit">): {
  size: number;
  handedOver: number;
} {
  if (caps.partSize > 0 && caps.partSize <= MAX_CHEAP_PART) {
    return { size: 2 * caps.partSize + 1, handedOver: caps.partSize + 1 };
  }
  const size = fileSizes({ ...caps, partSize: 0 } as JobStoreCapabilities, false).at(-1) as number;
  return { size, handedOver: size >> 1 };
}

/** Picks one size; sizes above 1 MiB are picked 4 times less often (they cost the most). */
export function pickSize(sizes: readonly number[], random: () => number = Math.random): number {
  const weights = sizes.map((s) => (s > 1024 * 1024 ? 1 : 4));
  let x = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < sizes.length; i++) {
    x -= weights[i] as number;
    if (x < 0) return sizes[i] as number;
  }
  return sizes[sizes.length - 1] as number;
}

/** Where a size falls for a backend: `spilled` beyond the overlarge threshold, else `chunks:<n>`. */
export function jobLayout(
  size: number,
  caps: Pick<JobStoreCapabilities, "jobChunkSize" | "overlargeJobThreshold">,
) {
  if (caps.overlargeJobThreshold > 0 && size > caps.overlargeJobThreshold) return "spilled";
  if (caps.jobChunkSize > 0) return `chunks:${Math.ceil(size / caps.jobChunkSize)}`;
  return "whole";
}
