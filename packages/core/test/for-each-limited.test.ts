import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { forEachLimited } from "../src/index.js";

describe("forEachLimited", () => {
  it("calls fn once per item and never has more than limit calls in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(n % 3);
      seen.push(n);
      inFlight--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it("rethrows the first failure only after every started call settled, and starts no new call", async () => {
    const settled: number[] = [];
    const started: number[] = [];
    const run = forEachLimited([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 0) throw new Error("first");
      await sleep(20);
      settled.push(n);
      if (n === 1) throw new Error("second");
    });
    await expect(run).rejects.toThrow("first");
    expect(started).toEqual([0, 1]);
    expect(settled).toEqual([1]);
  });

  it("treats a limit below 1 as 1 and does nothing for no items", async () => {
    let inFlight = 0;
    let peak = 0;
    await forEachLimited(["a", "b"], 0, async () => {
      peak = Math.max(peak, ++inFlight);
      await sleep(1);
      inFlight--;
    });
    expect(peak).toBe(1);
    let calls = 0;
    await forEachLimited([], 4, async () => void calls++);
    expect(calls).toBe(0);
  });
});
