import type { MetadataLimits } from "@jobstore/object-store";
import { describe, expect, it } from "vitest";
import { useCreatedStore } from "../fixture.js";
import type { MetadataLayerSuiteOptions } from "../options.js";
import { collect, job, timeoutOf } from "../support.js";

/**
 * Payload sizes that cross the layer's job limits: a few chunks, and past the overlarge threshold; a
 * plain large job (1 MiB) where the layer has neither.
 */
function largeSizes(limits: MetadataLimits): number[] {
  const sizes = [1024 * 1024];
  if (limits.jobChunkSize > 0) sizes.push(limits.jobChunkSize * 3 + 7);
  if (limits.overlargeJobThreshold > 0) sizes.push(limits.overlargeJobThreshold + 1024);
  return sizes;
}

/** Registers the job checks: each operation once, update of a missing job, large jobs, jobs(). */
export function registerJobTests(options: MetadataLayerSuiteOptions): void {
  const timeout = timeoutOf(options);
  describe("jobs", () => {
    it("a created job loads deep-equal on another handle; absent jobs load undefined", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const other = await opened();
      for (const id of ["plain", "a/b", "é ☃ 𝄞"]) {
        const stored = job(id, { body: { nested: [1, "two", null] } });
        await layer.createJob(stored, {});
        expect(await other.loadJob(id, {})).toEqual(stored);
        expect(await other.jobExists(id, {})).toBe(true);
      }
      expect(await other.loadJob("missing", {})).toBeUndefined();
      expect(await other.jobExists("missing", {})).toBe(false);
    });

    it("updateJob replaces the whole job, seen by another handle", { timeout }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const other = await opened();
      await layer.createJob(job("j", { dropped: true }), {});
      await other.updateJob(job("j", { version: 2 }), {});
      expect(await layer.loadJob("j", {})).toEqual(job("j", { version: 2 }));
    });

    it("updateJob of a job never created or deleted rejects with JOBSTORE_NO_SUCH_JOB", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      await expect(layer.updateJob(job("never"), {})).rejects.toMatchObject({ code: "JOBSTORE_NO_SUCH_JOB" });
      await layer.createJob(job("j"), {});
      const other = await opened();
      await other.deleteJob("j", {});
      await expect(layer.updateJob(job("j", { version: 3 }), {})).rejects.toMatchObject({
        code: "JOBSTORE_NO_SUCH_JOB",
      });
      expect(await layer.jobExists("j", {})).toBe(false);
    });

    it("deleteJob removes the job and is idempotent", { timeout }, async () => {
      const { layer } = await useCreatedStore(options);
      await layer.createJob(job("j"), {});
      await layer.deleteJob("j", {});
      await layer.deleteJob("j", {});
      await layer.deleteJob("never", {});
      expect(await layer.loadJob("j", {})).toBeUndefined();
    });

    it("jobs across the layer's chunk and overlarge limits round-trip, grow and shrink", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const other = await opened();
      const sizes = largeSizes(layer.limits);
      for (const [i, size] of sizes.entries()) {
        const big = job(`big-${i}`, { blob: "x".repeat(size) });
        await layer.createJob(big, {});
        expect(await other.loadJob(big.jobStoreId, {})).toEqual(big);
        await other.updateJob(job(big.jobStoreId, { blob: "small" }), {});
        expect(await layer.loadJob(big.jobStoreId, {})).toEqual(job(big.jobStoreId, { blob: "small" }));
        const bigger = job(big.jobStoreId, { blob: "y".repeat(size + 3) });
        await layer.updateJob(bigger, {});
        expect(await other.loadJob(big.jobStoreId, {})).toEqual(bigger);
        await other.deleteJob(big.jobStoreId, {});
        expect(await layer.jobExists(big.jobStoreId, {})).toBe(false);
      }
    });

    it("a reader racing two updating handles always loads one whole version, never undefined", {
      timeout,
    }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const writers = [await opened(), await opened()];
      // Past one chunk where the layer chunks jobs, so that a torn read would mix chunks of two writers.
      const base = Math.max(50_000, layer.limits.jobChunkSize * 2);
      const payload = (writer: number, round: number) => ({
        writer,
        round,
        blob: `${writer}`.repeat(base + round),
      });
      await layer.createJob(job("hot", payload(0, 0)), {});
      let done = false;
      const torn: unknown[] = [];
      let reads = 0;
      const reader = (async () => {
        while (!done) {
          const loaded = (await layer.loadJob("hot", {})) as unknown as
            | ReturnType<typeof payload>
            | undefined;
          reads++;
          if (loaded?.blob !== `${loaded?.writer}`.repeat(base + (loaded?.round ?? 0))) {
            torn.push(loaded && { writer: loaded.writer, round: loaded.round, length: loaded.blob?.length });
          }
        }
      })();
      try {
        await Promise.all(
          writers.map(async (writer, w) => {
            for (let round = 1; round <= 10; round++)
              await writer.updateJob(job("hot", payload(w + 1, round)), {});
          }),
        );
      } finally {
        done = true;
        await reader;
      }
      expect(reads).toBeGreaterThan(0);
      expect(torn, "loads that were undefined or mixed").toEqual([]);
      expect(((await layer.loadJob("hot", {})) as unknown as { round: number }).round).toBe(10);
    });

    it("jobs() yields every live job exactly once, large ones included", { timeout }, async () => {
      const { layer, opened } = await useCreatedStore(options);
      const ids = Array.from({ length: 30 }, (_, i) => `job-${String(i).padStart(2, "0")}`);
      await layer.createJobs(
        ids.map((id) => job(id)),
        {},
      );
      await layer.createJob(job("large", { blob: "z".repeat(largeSizes(layer.limits).at(-1) ?? 0) }), {});
      await layer.deleteJob("job-07", {});
      const seen = (await collect((await opened()).jobs({}))).map((j) => j.jobStoreId).sort();
      expect(seen).toEqual([...ids.filter((id) => id !== "job-07"), "large"].sort());
    });
  });
}
