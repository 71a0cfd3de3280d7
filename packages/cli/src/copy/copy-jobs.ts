import { isDeepStrictEqual } from "node:util";
import type { StoredJob } from "@jobstore/core";
import type { CopyContext, CopyCount } from "./copy-context.js";

/** Jobs per `batch()`: the AWS backend writes 25 per request, so this is a handful of requests. */
const JOBS_PER_BATCH = 100;

// createJob and updateJob increment `version` before writing; handing them one less keeps the source's
// version, so a copied job is deep-equal to its original.
function asWritten(job: StoredJob): StoredJob {
  return { ...job, version: job.version - 1 };
}

/**
 * Writes every source job into the destination under its own ID, with its own version; jobs a previous
 * run copied (deep-equal) are skipped, different ones replaced.
 *
 * @example
 * ```ts
 * await copyJobs(c, sourceJobs, destinationJobsById);
 * ```
 * @public
 */
export async function copyJobs(
  c: CopyContext,
  jobs: readonly StoredJob[],
  existing: ReadonlyMap<string, StoredJob>,
): Promise<CopyCount> {
  const count: CopyCount = { copied: 0, skipped: 0 };
  const fresh: StoredJob[] = [];
  for (const job of jobs) {
    const there = existing.get(job.jobStoreId);
    if (there && isDeepStrictEqual(there, job)) count.skipped += 1;
    else if (there) {
      await c.destination.updateJob(asWritten(job), { signal: c.signal });
      count.copied += 1;
    } else fresh.push(job);
  }
  const { destination, signal } = c;
  for (let i = 0; i < fresh.length; i += JOBS_PER_BATCH) {
    const chunk = fresh.slice(i, i + JOBS_PER_BATCH);
    await destination.batch(
      async () => {
        for (const job of chunk) await destination.createJob(asWritten(job), { signal });
      },
      { signal },
    );
    count.copied += chunk.length;
    c.changed();
  }
  return count;
}
