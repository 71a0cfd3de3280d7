import { join } from "node:path";
import { forEachLimited, type JobStoreBackend, type StoredJob } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { damagedError, fileError, isMissing } from "../errors.js";
import { readdirIfThere, removeQuietly, writeAtomically } from "../storage/io.js";
import { DIRS, safeName } from "../storage/layout.js";
import { requireIdLength } from "../storage/limits.js";
import { readReplaced, replacedExists } from "../storage/lookup.js";
import { decodeRecord, type FileRecord, recordHeader, recordReadSize } from "../storage/records.js";

type JobMethods = Pick<
  JobStoreBackend,
  "createJob" | "createJobs" | "updateJob" | "loadJob" | "jobExists" | "deleteJob" | "jobs"
>;

// How many job files one batch or one `jobs()` walk has in flight.
const PARALLEL = 16;

function encode(job: StoredJob): Buffer {
  requireIdLength("jobStoreId", job.jobStoreId);
  return Buffer.from(JSON.stringify(job), "utf8");
}

/** Parses a job file; `undefined` when it holds another ID's job. */
function decode(bytes: Buffer, jobId: string | undefined): StoredJob | undefined {
  let job: unknown;
  try {
    job = JSON.parse(bytes.toString("utf8"));
  } catch (cause) {
    throw damagedError(`job ${JSON.stringify(jobId)}: its file is not JSON (${bytes.length} bytes)`, cause);
  }
  if (typeof job !== "object" || job === null || Array.isArray(job)) {
    throw damagedError(`job ${JSON.stringify(jobId)}: its file holds no JSON object`);
  }
  const stored = job as StoredJob;
  return jobId === undefined || stored.jobStoreId === jobId ? stored : undefined;
}

/** The record in `bytes`, whatever its ID; `undefined` when damaged (its content still goes). */
function recordOf(bytes: Buffer): FileRecord | undefined {
  try {
    const { id } = recordHeader(bytes) as { id?: unknown };
    return typeof id === "string" ? decodeRecord(bytes, id, "file") : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The job half of the file backend: one JSON file per job under `jobs/`, written to a temp file and
 * renamed into place (atomic, last writer wins, never torn), read with one open + read + close.
 */
export function jobMethods(ctx: StoreContext): JobMethods {
  async function load(jobId: string): Promise<StoredJob | undefined> {
    const bytes = await readReplaced(ctx, ctx.layout.job(jobId));
    return bytes && decode(bytes, jobId);
  }

  async function deleteCleanupFiles(jobId: string): Promise<void> {
    const dir = ctx.layout.cleanupDir(jobId);
    const names = await readdirIfThere(ctx.fs, dir);
    if (!names) return;
    await forEachLimited(names, PARALLEL, async (name) => {
      const at = name.lastIndexOf("@");
      if (at <= 0) return;
      // The record goes first (only when it still names this version), then the content.
      const recordPath = join(ctx.layout.root, DIRS.files, name.slice(0, at));
      const bytes = await readReplaced(ctx, recordPath, recordReadSize(ctx));
      const record = bytes && recordOf(bytes);
      if (record && record.token === name.slice(at + 1) && safeName(record.id) === name.slice(0, at)) {
        await removeQuietly(ctx.fs, recordPath);
      }
      await removeQuietly(ctx.fs, join(dir, name));
    });
    await ctx.fs.rmTree(dir);
  }

  return {
    async createJob(job) {
      await writeAtomically(ctx, ctx.layout.job(job.jobStoreId), encode(job));
    },

    async createJobs(jobs) {
      const encoded = jobs.map((job) => [job.jobStoreId, encode(job)] as const);
      await forEachLimited(encoded, PARALLEL, ([jobId, bytes]) =>
        writeAtomically(ctx, ctx.layout.job(jobId), bytes),
      );
    },

    async updateJob(job) {
      const bytes = encode(job);
      const path = ctx.layout.job(job.jobStoreId);
      if (!(await replacedExists(ctx, path))) {
        throw fileError("JOBSTORE_NO_SUCH_JOB", `job ${JSON.stringify(job.jobStoreId)} does not exist`);
      }
      await writeAtomically(ctx, path, bytes);
    },

    loadJob: load,

    jobExists: (jobId) => replacedExists(ctx, ctx.layout.job(jobId)),

    async deleteJob(jobId) {
      try {
        await ctx.fs.unlink(ctx.layout.job(jobId));
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
      await deleteCleanupFiles(jobId);
    },

    jobs(options) {
      return {
        async *[Symbol.asyncIterator]() {
          // No job's file name starts with "."; a FUSE daemon's `.fuse_hidden…` files (replaced versions
          // still open somewhere) do.
          const names = (await ctx.fs.readdir(join(ctx.layout.root, DIRS.jobs))).filter(
            (name) => !name.startsWith("."),
          );
          for (let start = 0; start < names.length; start += PARALLEL) {
            if (options.signal?.aborted) return;
            const slice = names.slice(start, start + PARALLEL);
            const loaded = await Promise.all(
              slice.map(async (name) => {
                const bytes = await readReplaced(ctx, join(ctx.layout.root, DIRS.jobs, name));
                return bytes && decode(bytes, undefined);
              }),
            );
            for (const job of loaded) if (job) yield job;
          }
        },
      };
    },
  };
}
