import {
  type FileInfo,
  isJobStoreError,
  type JobStore,
  type JobStoreCapabilities,
  type LogEntry,
  type SharedFileInfo,
  type StoredJob,
} from "@jobstore/core";
import { CliError } from "../cli-error.js";
import { EXIT_CODES } from "../exit-codes.js";
import { COPY_MARKER, type CopyMarker, copyMarkerOf } from "./copy-marker.js";

/**
 * Everything a store holds, as listed (contents excluded).
 *
 * @public
 */
export interface StoreListing {
  /** Every file with its metadata. */
  files: FileInfo[];
  /** Every shared file. */
  shared: SharedFileInfo[];
  /** Every job. */
  jobs: StoredJob[];
  /** Every log message with its read state. */
  logs: LogEntry[];
}

/**
 * Lists a store's files, shared files, jobs and logs.
 *
 * @example
 * ```ts
 * const { files, jobs } = await listStore(store, signal);
 * ```
 * @public
 */
export async function listStore(store: JobStore, signal: AbortSignal): Promise<StoreListing> {
  const all: StoreListing = { files: [], shared: [], jobs: [], logs: [] };
  for await (const f of store.listFiles({ signal })) all.files.push(f);
  for await (const s of store.listSharedFiles({ signal })) all.shared.push(s);
  for await (const j of store.jobs({ signal })) all.jobs.push(j);
  for await (const l of store.listLogs({ signal })) all.logs.push(l);
  return all;
}

function isEmpty(l: StoreListing): boolean {
  return (
    l.files.length + l.jobs.length + l.logs.length === 0 &&
    l.shared.every((s) => s.name === "config.json" || s.name === COPY_MARKER)
  );
}

/** Refuses a source that is itself an unfinished copy. */
export function checkSource(source: JobStore, locator: string): void {
  if (copyMarkerOf(source)) {
    throw new CliError(
      EXIT_CODES.CONFLICT,
      `the source ${locator} is itself an unfinished copy; finish that copy first`,
    );
  }
}

function tooLong(value: string, limit: number): boolean {
  return limit > 0 && Buffer.byteLength(value, "utf8") > limit;
}

/**
 * Refuses, before the destination is touched, a source whose IDs or shared names are longer than the
 * destination's backend keeps (`capabilities.maxIdBytes`, `maxSharedNameBytes`).
 */
export function checkLimits(src: StoreListing, caps: JobStoreCapabilities, locator: string): void {
  const ids = [
    ...src.files.map((f) => ["file ID", f.fileId]),
    ...src.jobs.map((j) => ["job ID", j.jobStoreId]),
  ];
  for (const [what, id] of ids as [string, string][]) {
    if (tooLong(id, caps.maxIdBytes)) {
      throw new CliError(
        EXIT_CODES.USAGE,
        `the destination ${locator} keeps IDs of at most ${caps.maxIdBytes} bytes; the source has the ${what} ${JSON.stringify(id)}`,
      );
    }
  }
  for (const { name } of src.shared) {
    if (tooLong(name, caps.maxSharedNameBytes)) {
      throw new CliError(
        EXIT_CODES.USAGE,
        `the destination ${locator} keeps shared file names of at most ${caps.maxSharedNameBytes} bytes; the source has ${JSON.stringify(name)}`,
      );
    }
  }
}

/** Resumes the destination, or creates it when there is none. */
export async function openDestination(store: JobStore, signal: AbortSignal): Promise<void> {
  try {
    await store.resume({ signal });
  } catch (err) {
    if (!isJobStoreError(err, "JOBSTORE_NO_SUCH_STORE")) throw err;
    await store.initialize({}, { signal });
  }
}

/**
 * Accepts an open destination that is empty or an unfinished copy of `workflowId`; returns the marker
 * of the unfinished copy, if any.
 *
 * @throws a {@link CliError} with exit code 5 otherwise.
 */
export async function checkDestination(
  destination: JobStore,
  workflowId: string,
  locator: string,
  signal: AbortSignal,
): Promise<CopyMarker | undefined> {
  const marker = copyMarkerOf(destination);
  const refuse = (why: string) => new CliError(EXIT_CODES.CONFLICT, `the destination ${locator} ${why}`);
  if (marker) {
    if (marker.sourceWorkflowId === workflowId) return marker;
    throw refuse(
      `is an unfinished copy of another workflow (${marker.sourceWorkflowId} from ${marker.source})`,
    );
  }
  if (destination.config.workflowId === workflowId) {
    throw refuse(`holds workflow ${workflowId} already (a finished copy of it?)`);
  }
  if (!isEmpty(await listStore(destination, signal))) {
    throw refuse(`is not empty (workflow ${destination.config.workflowId}); copy needs a new or empty store`);
  }
  return undefined;
}
