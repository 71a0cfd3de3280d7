import type { FileId, FileInfo, JobStore } from "@jobstore/core";
import {
  checkDestination,
  checkLimits,
  checkSource,
  listStore,
  openDestination,
  type StoreListing,
} from "./copy-checks.js";
import type { CopyContext, CopyCount, CopyProgress } from "./copy-context.js";
import { copyFiles } from "./copy-files.js";
import { copyJobs } from "./copy-jobs.js";
import { copyLogs } from "./copy-logs.js";
import { type CopyMarker, writeCopyConfig } from "./copy-marker.js";
import { copiedSharedName, copySharedFiles } from "./copy-shared.js";
import { verifyCopy } from "./copy-verify.js";

/**
 * Options of {@link copyStore}.
 *
 * @public
 */
export interface CopyStoreOptions {
  /** The source's locator (recorded in the marker, used in messages). */
  sourceLocator: string;
  /** The destination's locator (used in messages). */
  destinationLocator: string;
  /** Stops the copy between (and inside) writes; the destination stays resumable. */
  signal?: AbortSignal;
  /** Called as the copy advances. */
  onProgress?: (progress: Readonly<CopyProgress>) => void;
}

/**
 * What {@link copyStore} did.
 *
 * @public
 */
export interface CopyReport {
  /** The workflow ID, now the same in both stores. */
  workflowId: string;
  /** Whether this run continued an unfinished copy. */
  resumed: boolean;
  /** Files, and the bytes of their content in all. */
  files: CopyCount & { bytes: number };
  /** Shared files copied as bytes (all but `config.json`). */
  sharedFiles: CopyCount;
  /** Jobs. */
  jobs: CopyCount;
  /** Log messages. */
  logs: CopyCount;
  /** Always true: a copy that fails verification throws. */
  verified: true;
}

/** Removes what a destination holds that the source no longer does (it changed between two runs). */
async function prune(
  destination: JobStore,
  src: StoreListing,
  dst: StoreListing,
  signal: AbortSignal,
): Promise<void> {
  const jobs = new Set(src.jobs.map((j) => j.jobStoreId));
  for (const job of dst.jobs)
    if (!jobs.has(job.jobStoreId)) await destination.deleteJob(job.jobStoreId, { signal });
  const files = new Set(src.files.map((f) => f.fileId));
  for (const file of dst.files)
    if (!files.has(file.fileId)) await destination.deleteFile(file.fileId, { signal });
}

/**
 * Checks the source and the destination and gives the destination the source's config, marked as an
 * unfinished copy: after this, an interruption leaves a copy a re-run resumes.
 */
async function begin(source: JobStore, destination: JobStore, o: CopyStoreOptions, signal: AbortSignal) {
  const sourceWorkflowId = source.config.workflowId;
  checkSource(source, o.sourceLocator);
  const src = await listStore(source, signal);
  checkLimits(src, destination.capabilities, o.destinationLocator);
  await openDestination(destination, signal);
  const previous = await checkDestination(destination, sourceWorkflowId, o.destinationLocator, signal);
  const marker: CopyMarker = {
    sourceWorkflowId,
    source: o.sourceLocator,
    startedAt: previous?.startedAt ?? new Date().toISOString(),
  };
  await writeCopyConfig(destination, source, marker, signal);
  return { src, marker, resumed: previous !== undefined };
}

function initialProgress(src: StoreListing): CopyProgress {
  const shared = src.shared.filter((s) => copiedSharedName(s.name));
  return {
    stage: "files",
    bytesDone: 0,
    bytesTotal: [...src.files, ...shared].reduce((n, f) => n + f.size, 0),
    filesDone: 0,
    filesTotal: src.files.length,
  };
}

/**
 * Copies a whole store into another, on any two backends: files and jobs under their own IDs, shared
 * files (the root job's among them), the config (so the workflow ID is kept) and the log messages with
 * their read state; then verifies the destination against the source.
 *
 * @remarks
 * `destination` is a handle not yet opened: the copy resumes it, or initializes it when there is no
 * store, after checking the source (not an unfinished copy itself; IDs and names within the
 * destination's limits). The destination must be new, empty, or an unfinished copy of the same workflow:
 * its config carries the field `jobstoreCopy` from the first write until verification passed (then the
 * config becomes exactly the source's), and a re-run skips what is already there and equal. Interrupting (the signal) leaves the destination resumable;
 * every write is atomic, so no file is ever half there.
 *
 * @throws a {@link CliError} with exit code 5 when the destination is not a valid target, 2 when it
 * cannot hold the source's IDs or names, 1 when the
 * verification finds a difference; `JOBSTORE_ABORTED` when the signal aborts.
 * @example
 * ```ts
 * const report = await copyStore(source, destination, { sourceLocator: "file:./run", destinationLocator: "s3:us-east-1:run" });
 * ```
 * @public
 */
export async function copyStore(
  source: JobStore,
  destination: JobStore,
  options: CopyStoreOptions,
): Promise<CopyReport> {
  const signal = options.signal ?? new AbortController().signal;
  const { src, marker, resumed } = await begin(source, destination, options, signal);
  const dst = await listStore(destination, signal);
  const progress = initialProgress(src);
  const c: CopyContext = {
    source,
    destination,
    signal,
    progress,
    changed: () => options.onProgress?.(progress),
  };
  const stage = (name: string) => {
    progress.stage = name;
    c.changed();
  };
  c.changed();
  await prune(destination, src, dst, signal);
  const files = await copyFiles(c, src.files, new Map(dst.files.map((f) => [f.fileId, f])));
  stage("shared files");
  const shared = await copySharedFiles(c, src.shared, new Map(dst.shared.map((s) => [s.name, s])));
  stage("jobs");
  const jobs = await copyJobs(c, src.jobs, new Map(dst.jobs.map((j) => [j.jobStoreId, j])));
  stage("logs");
  const logs = await copyLogs(c, src.logs, dst.logs);
  stage("verify");
  const expected = new Map<FileId, { info: FileInfo; sha256: string }>();
  for (const info of src.files)
    expected.set(info.fileId, { info, sha256: files.digests.get(info.fileId) ?? "" });
  await verifyCopy(c, { files: expected, shared: shared.digests, jobs: src.jobs, logs: src.logs });
  // Verified: the source's own config, without the mark, ends the copy and leaves no trace of it.
  await writeCopyConfig(destination, source, undefined, signal);
  stage("done");
  return {
    workflowId: marker.sourceWorkflowId,
    resumed,
    files: { ...files.count, bytes: src.files.reduce((n, f) => n + f.size, 0) },
    sharedFiles: shared.count,
    jobs,
    logs,
    verified: true,
  };
}
