import { isDeepStrictEqual } from "node:util";
import type { FileId, FileInfo, LogEntry, SharedFileInfo, StoredJob } from "@jobstore/core";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";
import type { CopyContext } from "./copy-context.js";
import { fileSha256 } from "./copy-files.js";
import { countLogs } from "./copy-logs.js";
import { COPY_MARKER_FIELD } from "./copy-marker.js";
import { copiedSharedName, sharedSha256 } from "./copy-shared.js";

/**
 * What the destination must hold once a copy is done.
 *
 * @public
 */
export interface CopyExpectation {
  /** Every source file with the SHA-256 of the bytes that were copied (or found copied). */
  files: ReadonlyMap<FileId, { info: FileInfo; sha256: string }>;
  /** The SHA-256 of every shared file copied as bytes. */
  shared: ReadonlyMap<string, string>;
  /** Every source job. */
  jobs: readonly StoredJob[];
  /** Every source log message with its read state. */
  logs: readonly LogEntry[];
}

function fail(what: string): never {
  throw new CliError(
    EXIT_CODES.FAILURE,
    `copy verification failed: ${what}; run the same copy again to repair it`,
  );
}

async function verifyFiles(c: CopyContext, want: CopyExpectation["files"]): Promise<void> {
  const have = new Map<FileId, FileInfo>();
  for await (const info of c.destination.listFiles({ signal: c.signal })) have.set(info.fileId, info);
  for (const [fileId, { info, sha256 }] of want) {
    const there = have.get(fileId);
    if (!there) fail(`file ${fileId} is missing`);
    if (there.size !== info.size || there.cleanup !== info.cleanup || there.executable !== info.executable) {
      fail(`file ${fileId} has other metadata`);
    }
    if ((there.jobId ?? null) !== (info.jobId ?? null)) fail(`file ${fileId} has another owner`);
    // What the destination records, or else a re-read: either way not the copy's own count.
    if ((await fileSha256(c.destination, there, c.signal)) !== sha256)
      fail(`file ${fileId} has other content`);
  }
  for (const fileId of have.keys()) if (!want.has(fileId)) fail(`file ${fileId} is not in the source`);
}

async function verifyShared(c: CopyContext, want: CopyExpectation["shared"]): Promise<void> {
  const have = new Map<string, SharedFileInfo>();
  for await (const info of c.destination.listSharedFiles({ signal: c.signal })) have.set(info.name, info);
  for (const [name, sha256] of want) {
    const there = have.get(name);
    if (!there) fail(`shared file ${name} is missing`);
    if ((await sharedSha256(c.destination, there, c.signal)) !== sha256)
      fail(`shared file ${name} has other content`);
  }
  for (const name of have.keys())
    if (copiedSharedName(name) && !want.has(name)) fail(`shared file ${name} is not in the source`);
}

async function verifyJobs(c: CopyContext, want: readonly StoredJob[]): Promise<void> {
  const have = new Map<string, StoredJob>();
  for await (const job of c.destination.jobs({ signal: c.signal })) have.set(job.jobStoreId, job);
  for (const job of want) {
    if (!isDeepStrictEqual(have.get(job.jobStoreId), job)) fail(`job ${job.jobStoreId} differs`);
  }
  if (have.size !== want.length) fail(`the destination has ${have.size} jobs, the source ${want.length}`);
}

async function verifyLogs(c: CopyContext, want: readonly LogEntry[]): Promise<void> {
  const have: LogEntry[] = [];
  for await (const entry of c.destination.listLogs({ signal: c.signal })) have.push(entry);
  if (!isDeepStrictEqual(countLogs(have), countLogs(want))) fail("the log messages differ");
}

/**
 * Checks the destination against what the source held: every file's metadata and SHA-256 (as the
 * destination records it or re-reads it), every shared file, every job (deep-equal), the log messages
 * with their read state, and nothing more.
 *
 * @throws a {@link CliError} (exit code 1) naming the first difference.
 * @example
 * ```ts
 * await verifyCopy(c, { files, shared, jobs, logs });
 * ```
 * @public
 */
export async function verifyCopy(c: CopyContext, want: CopyExpectation): Promise<void> {
  await verifyFiles(c, want.files);
  await verifyShared(c, want.shared);
  await verifyJobs(c, want.jobs);
  await verifyLogs(c, want.logs);
  await verifyConfig(c);
}

async function verifyConfig(c: CopyContext): Promise<void> {
  let text = "";
  const stream = await c.destination.readSharedFileStream("config.json", { signal: c.signal });
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString("utf8");
  // The mark of the unfinished copy goes last, once all of this passed.
  const { [COPY_MARKER_FIELD]: _marker, ...config } = JSON.parse(text) as Record<string, unknown>;
  if (!isDeepStrictEqual(config, { ...c.source.config })) fail("the config differs");
}
