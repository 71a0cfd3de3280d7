import { randomBytes } from "node:crypto";
import { isJobStoreError, type JobStoreBackend, type StoredJob } from "@jobstore/core";
import { afterEach, describe, expect, it } from "vitest";
import { CHUNK_RAW_BYTES, OVERLARGE_THRESHOLD } from "../../src/index.js";
import { gatedS3, gatedSimpleDb } from "../gated-clients.js";
import { localBackend, stackAvailable, uniquePrefix } from "../local-stack.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** Several handles on one fresh store, as several processes would hold. */
async function handles(count: number): Promise<JobStoreBackend[]> {
  const prefix = uniquePrefix("race");
  const all = Array.from({ length: count }, () => localBackend(prefix));
  for (const handle of all) prefixes.set(handle, prefix);
  const [first] = all;
  if (!first) throw new Error("no handles");
  cleanups.push(async () => {
    await first.destroy({});
    for (const handle of all) await handle.close?.();
  });
  await first.create({});
  for (const handle of all.slice(1)) await handle.open({});
  return all;
}

const prefixes = new WeakMap<JobStoreBackend, string>();
function fastPrefix(handle: JobStoreBackend): string {
  const prefix = prefixes.get(handle);
  if (!prefix) throw new Error("unknown handle");
  return prefix;
}

/** A job of about `chunks` SimpleDB chunks, tagged with who wrote it. */
function jobOf(jobStoreId: string, writer: number, round: number, chunks: number): StoredJob {
  const payload = randomBytes(Math.max(1, chunks * CHUNK_RAW_BYTES - 200)).toString("latin1");
  return { jobStoreId, version: round, writer, round, payload } as StoredJob;
}

describe.skipIf(!stackAvailable)("concurrent job updates", () => {
  it("a shrinking update's residual clean-up, delayed past a growing update by another handle, leaves the newer job intact", async () => {
    const [fast] = await handles(1);
    if (!fast) throw new Error("no handle");
    const gate = gatedSimpleDb("DeleteAttributes");
    const slow = localBackend(fastPrefix(fast), { simpleDb: gate.client });
    cleanups.push(async () => {
      gate.release();
      await slow.close?.();
      gate.client.destroy();
    });
    await slow.open({});
    const jobId = "shrinks-then-grows";
    await slow.createJob(jobOf(jobId, 0, 0, 10), {});
    // The slow handle shrinks the job to 2 chunks; its delete of chunks 2..9 is held back.
    const shrinking = slow.updateJob(jobOf(jobId, 1, 1, 2), {});
    await gate.held;
    // Meanwhile another handle grows it to 12 chunks.
    await fast.updateJob(jobOf(jobId, 2, 2, 12), {});
    gate.release();
    await shrinking;
    const loaded = (await fast.loadJob(jobId, {})) as StoredJob & { writer: number };
    expect(loaded.writer).toBe(2);
  });

  it("a slower writer's clean-up never deletes chunks a later writer put, so the job always loads", async () => {
    const writers = await handles(4);
    const jobId = "raced-job";
    await writers[0]?.createJob(jobOf(jobId, 0, 0, 12), {});
    const written = new Set<string>();
    await Promise.all(
      writers.map(async (handle, writer) => {
        for (let round = 1; round <= 12; round++) {
          // Sizes swing between small and large so that most updates shrink or grow the chunk count.
          const chunks =
            (writer + round) % 2 === 0 ? 1 + ((writer * 7 + round) % 4) : 14 + ((writer + round) % 6);
          const job = jobOf(jobId, writer, round, chunks);
          written.add(`${writer}/${round}`);
          try {
            await handle.updateJob(job, {});
          } catch (err) {
            // Heavy contention may exhaust the bounded re-reads; that is not what this test is about.
            if (!isJobStoreError(err, "JOBSTORE_UNAVAILABLE")) throw err;
          }
          const loaded = (await handle.loadJob(jobId, {})) as
            | (StoredJob & { writer: number; round: number })
            | undefined;
          expect(loaded).toBeDefined();
        }
      }),
    );
    for (const handle of writers) {
      const loaded = (await handle.loadJob(jobId, {})) as StoredJob & { writer: number; round: number };
      expect(written.has(`${loaded.writer}/${loaded.round}`)).toBe(true);
    }
  });

  it("loadJob of an overlarge job replaced between reading its item and its object returns the new job", async () => {
    const [fast] = await handles(1);
    if (!fast) throw new Error("no handle");
    const gate = gatedS3("GetObjectCommand");
    const slow = localBackend(fastPrefix(fast), { s3: gate.client });
    cleanups.push(async () => {
      gate.release();
      await slow.close?.();
      gate.client.destroy();
    });
    await slow.open({});
    const jobId = "overlarge-replaced";
    const chunks = Math.ceil(OVERLARGE_THRESHOLD / CHUNK_RAW_BYTES) + 2;
    await fast.createJob(jobOf(jobId, 1, 1, chunks), {});
    const loading = slow.loadJob(jobId, {});
    await gate.held;
    // The replacing update deletes the object the slow reader is about to fetch.
    await fast.updateJob(jobOf(jobId, 2, 2, chunks), {});
    gate.release();
    const loaded = (await loading) as (StoredJob & { writer: number }) | undefined;
    expect(loaded?.writer).toBe(2);
  });
});
