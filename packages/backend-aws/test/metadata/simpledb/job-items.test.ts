import { describe, expect, it } from "vitest";
import { toItem } from "../../../src/metadata/simpledb/items.js";
import {
  CHUNK_RAW_BYTES,
  chunkedBytes,
  jobAttributes,
  MAX_CHUNKS,
  OVERLARGE_THRESHOLD,
  readLayout,
  residualChunks,
} from "../../../src/metadata/simpledb/job-items.js";

describe("job chunk attributes", () => {
  it("keeps Toil's numbers: 768 raw bytes a chunk, 254 chunks, spill above 195,071 bytes", () => {
    expect([CHUNK_RAW_BYTES, MAX_CHUNKS, OVERLARGE_THRESHOLD]).toEqual([768, 254, 195_071]);
  });

  it("a job at the threshold fits in 254 chunks of at most 1024 characters", () => {
    const bytes = Buffer.alloc(OVERLARGE_THRESHOLD, 7);
    const attributes = jobAttributes(bytes, "");
    const chunks = attributes.filter((a) => /^\d{3}$/.test(a.Name));
    expect(chunks).toHaveLength(254);
    expect(Math.max(...chunks.map((c) => c.Value.length))).toBeLessThanOrEqual(1024);
    expect(attributes.length).toBeLessThanOrEqual(256);
  });

  it("decodes only numChunks chunks, ignoring residual ones", () => {
    const long = jobAttributes(Buffer.alloc(3000, 1), "");
    const short = jobAttributes(Buffer.from("abc"), "");
    // What an item looks like if a shrink's residual chunks were not deleted yet.
    const merged = new Map(long.map((a) => [a.Name, a.Value]));
    for (const a of short) merged.set(a.Name, a.Value);
    const item = toItem([...merged].map(([Name, Value]) => ({ Name, Value })));
    const layout = readLayout(item)!;
    expect(layout).toEqual({ numChunks: 1, overlargeKey: "" });
    expect(chunkedBytes(item, layout).toString()).toBe("abc");
  });

  it("names the residual chunks of a job that shrank", () => {
    expect(residualChunks(4, 2)).toEqual(["002", "003"]);
    expect(residualChunks(2, 4)).toEqual([]);
  });

  it("an overlarge job records no chunks and its S3 key", () => {
    const item = toItem(jobAttributes(undefined, "jobs/j/k").map(({ Name, Value }) => ({ Name, Value })));
    expect(readLayout(item)).toEqual({ numChunks: 0, overlargeKey: "jobs/j/k" });
  });
});
