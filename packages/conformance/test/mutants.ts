import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { type CallOptions, type JobStoreBackend, JobStoreError, type StoredJob } from "@jobstore/core";
import { createModelBackend, MODEL_CAPABILITIES, modelBackendState } from "./model-backend.js";

/**
 * A deliberately broken backend: the model backend with one realistic bug. The self-test runs the
 * whole suite against each and requires at least one test to fail.
 */
export interface Mutant {
  /** Kebab-case, used to select the mutant in the child run. */
  readonly name: string;
  /** The bug, in one sentence (goes into the README table). */
  readonly bug: string;
  /** Makes a handle on the named store. */
  make(storeName: string): JobStoreBackend;
}

/** Consumes a stream, keeping what arrived before an error, and reports the error alongside. */
async function consumePartially(source: Readable): Promise<{ bytes: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of source) chunks.push(Buffer.from(chunk as Uint8Array));
    return { bytes: Buffer.concat(chunks), error: undefined };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

function mutant(
  name: string,
  bug: string,
  alter: (base: JobStoreBackend, storeName: string) => Partial<JobStoreBackend>,
): Mutant {
  return {
    name,
    bug,
    make(storeName) {
      const base = createModelBackend({ name: storeName });
      return { ...base, ...alter(base, storeName) };
    },
  };
}

/** The mutants the suite must catch. */
export const MUTANTS: readonly Mutant[] = [
  mutant(
    "forgets-cleanup-files",
    "deleteJob removes the job but not the files written for it with cleanup",
    (_base, store) => ({
      async deleteJob(jobId) {
        modelBackendState(store).jobs.delete(jobId);
      },
    }),
  ),

  mutant(
    "partial-stream-update",
    "a stream update that fails half-way keeps the bytes received so far",
    (base, store) => ({
      async updateFile(fileId, source, options) {
        if (!modelBackendState(store).files.has(fileId)) return base.updateFile(fileId, source, options);
        const { bytes, error } = await consumePartially(source);
        const file = modelBackendState(store).files.get(fileId);
        if (file) file.bytes = bytes;
        if (error) throw error;
      },
    }),
  ),

  mutant(
    "read-all-delivers-twice",
    "readLogs with readAll delivers the unread messages, then every message again (Toil's bug)",
    (_base, store) => ({
      async readLogs(callback, readAll) {
        const logs = modelBackendState(store).logs;
        let delivered = 0;
        for (const entry of logs.filter((e) => !e.read)) {
          entry.read = true;
          await callback(Buffer.from(entry.bytes));
          delivered++;
        }
        if (readAll) {
          for (const entry of logs) {
            await callback(Buffer.from(entry.bytes));
            delivered++;
          }
        }
        return delivered;
      },
    }),
  ),

  mutant(
    "stale-read-after-update",
    "each handle caches file content on first read and keeps serving it after an update",
    (base) => {
      const cache = new Map<string, Buffer>();
      return {
        async readFile(fileId, options) {
          const cached = cache.get(fileId);
          if (cached && (await base.fileExists(fileId, options))) {
            return { stream: Readable.from([Buffer.from(cached)], { objectMode: false }), executable: false };
          }
          const content = await base.readFile(fileId, options);
          const chunks: Buffer[] = [];
          for await (const chunk of content.stream) chunks.push(Buffer.from(chunk as Uint8Array));
          const bytes = Buffer.concat(chunks);
          cache.set(fileId, bytes);
          return {
            stream: Readable.from(bytes.length ? [bytes] : [], { objectMode: false }),
            executable: content.executable,
          };
        },
      };
    },
  ),

  mutant("drops-batch", "createJobs resolves without storing anything", () => ({
    async createJobs() {},
  })),

  mutant(
    "truncates-at-part-boundary",
    "content longer than one part loses its last, partial part",
    (base, store) => {
      const truncate = (fileId: string) => {
        const file = modelBackendState(store).files.get(fileId);
        const part = MODEL_CAPABILITIES.partSize;
        if (file && file.bytes.length > part && file.bytes.length % part !== 0) {
          file.bytes = file.bytes.subarray(0, file.bytes.length - (file.bytes.length % part));
        }
      };
      return {
        async writeFile(fileId, source, meta, options) {
          await base.writeFile(fileId, source, meta, options);
          truncate(fileId);
        },
        async updateFile(fileId, source, options) {
          await base.updateFile(fileId, source, options);
          truncate(fileId);
        },
      };
    },
  ),

  mutant("file-size-lies", "getFileSize reports the size of the first version, ignoring updates", (base) => {
    const firstSize = new Map<string, number>();
    return {
      async getFileSize(fileId, options) {
        const size = await base.getFileSize(fileId, options);
        if (size === 0) return 0;
        if (!firstSize.has(fileId)) firstSize.set(fileId, size);
        return firstSize.get(fileId) ?? size;
      },
    };
  }),

  mutant(
    "loses-config-on-resume",
    "open() re-creates config.json with a new workflowId instead of keeping it",
    (base, store) => ({
      async open(options: CallOptions) {
        await base.open(options);
        modelBackendState(store).shared.set(
          "config.json",
          Buffer.from(JSON.stringify({ workflowId: randomUUID() })),
        );
      },
    }),
  ),

  mutant("ignores-abort", "writes ignore the call's abort signal and commit anyway", (base) => ({
    async writeFile(fileId, source, meta) {
      return base.writeFile(fileId, source, meta, {});
    },
    async updateFile(fileId, source) {
      return base.updateFile(fileId, source, {});
    },
  })),

  mutant(
    "abort-blames-storage",
    "a read stream cut by the call's signal fails with a retryable JOBSTORE_UNAVAILABLE, as a dropped connection",
    (base) => ({
      async readFile(fileId, options) {
        const content = await base.readFile(fileId, options);
        const { bytes } = await consumePartially(content.stream);
        // Served in 64 KiB pieces, as a socket delivers them, so that the signal can cut the stream.
        const stream = Readable.from(
          (function* () {
            for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
          })(),
        );
        const cut = () =>
          stream.destroy(new JobStoreError("JOBSTORE_UNAVAILABLE", "read: aborted", { retryable: true }));
        options.signal?.addEventListener("abort", cut, { once: true });
        return { ...content, stream };
      },
    }),
  ),

  mutant(
    "update-creates-missing-job",
    "updateJob of a deleted job stores it again instead of rejecting",
    (base) => ({
      async updateJob(job, options) {
        return base.createJob(job, options);
      },
    }),
  ),

  mutant(
    "shrinking-job-keeps-old-fields",
    "updateJob merges the new fields into the old job, so removed fields survive (Toil's residual chunks)",
    (base, store) => ({
      async updateJob(job, options) {
        const old = modelBackendState(store).jobs.get(job.jobStoreId);
        const merged = old === undefined ? job : ({ ...(JSON.parse(old) as StoredJob), ...job } as StoredJob);
        return base.updateJob(merged, options);
      },
    }),
  ),

  mutant(
    "jobs-omits-overlarge-jobs",
    "jobs() skips jobs above the overlarge threshold (stored elsewhere, never listed)",
    (base) => ({
      async *jobs(options) {
        for await (const job of base.jobs(options)) {
          if (JSON.stringify(job).length <= MODEL_CAPABILITIES.overlargeJobThreshold) yield job;
        }
      },
    }),
  ),

  mutant(
    "delete-file-not-idempotent",
    "deleteFile of a missing file rejects with JOBSTORE_NO_SUCH_FILE",
    (base, store) => ({
      async deleteFile(fileId, options) {
        if (!modelBackendState(store).files.has(fileId)) {
          throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `file ${fileId} does not exist`);
        }
        return base.deleteFile(fileId, options);
      },
    }),
  ),

  mutant(
    "read-logs-never-marks-read",
    "readLogs delivers messages without marking them read, so they come again",
    (_base, store) => ({
      async readLogs(callback) {
        const logs = modelBackendState(store).logs;
        for (const entry of logs) await callback(Buffer.from(entry.bytes));
        return logs.length;
      },
    }),
  ),

  mutant("list-files-loses-cleanup", "listFiles reports every file with cleanup: false", (base) => ({
    async *listFiles(options) {
      for await (const file of base.listFiles(options)) yield { ...file, cleanup: false };
    },
  })),

  mutant(
    "restore-ignores-id",
    "writeFile stores a file whose ID newFileId did not make under a fresh ID instead",
    (base) => {
      const made = new Set<string>();
      return {
        newFileId(meta) {
          const fileId = base.newFileId(meta);
          made.add(fileId);
          return fileId;
        },
        async writeFile(fileId, source, meta, options) {
          return base.writeFile(made.has(fileId) ? fileId : randomUUID(), source, meta, options);
        },
      };
    },
  ),

  mutant("list-logs-marks-read", "listLogs marks every message it lists as read", (base, store) => ({
    async *listLogs(options) {
      yield* base.listLogs(options);
      for (const entry of modelBackendState(store).logs) entry.read = true;
    },
  })),

  mutant("write-logs-ignores-read", "writeLogs stores every message unread, ignoring read: true", (base) => ({
    async writeLogs(message, options) {
      return base.writeLogs(message, options);
    },
  })),
];
