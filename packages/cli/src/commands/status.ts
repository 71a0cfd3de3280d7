import { isJobStoreError, type JobStore, type JobStoreCapabilities } from "@jobstore/core";
import type { Command } from "commander";
import { type CommandContext, chosenStore, type StoreOptions, storeCommand } from "../command-context.js";
import { COPY_MARKER, copyMarkerOf } from "../copy/copy-marker.js";
import { formatBytes, writeJson, writePairs } from "../format.js";
import { withStore } from "../open-store.js";

/**
 * What `jobstore status` reports (its `--json` output).
 *
 * @public
 */
export interface StatusReport {
  /** The locator given. */
  store: string;
  /** The config's workflow ID. */
  workflowId: string;
  /** The backend's name. */
  backend: string;
  /** The backend's capabilities. */
  capabilities: JobStoreCapabilities;
  /** Job count and the root job, if one is set and exists. */
  jobs: { count: number; root: { id: string; name?: string } | null };
  /** Count and total size of the job files. */
  files: { count: number; bytes: number };
  /** The shared files (`config.json` and `rootJobStoreID` included; a leftover `jobstore-copy.json` not). */
  sharedFiles: { count: number; bytes: number; names: string[] };
  /** Log messages, and how many no `readLogs` delivered yet. */
  logs: { count: number; unread: number };
  /** True while a `jobstore copy` into this store is unfinished. */
  copyInProgress: boolean;
}

async function rootJob(store: JobStore, signal: AbortSignal): Promise<StatusReport["jobs"]["root"]> {
  try {
    const job = await store.loadRootJob({ signal });
    return { id: job.jobStoreId, ...(job.jobName === undefined ? {} : { name: job.jobName }) };
  } catch (err) {
    if (isJobStoreError(err, "JOBSTORE_NO_SUCH_JOB")) return null;
    throw err;
  }
}

/**
 * Gathers a store's {@link StatusReport} by walking its jobs, files, shared files and logs.
 *
 * @example
 * ```ts
 * const report = await collectStatus(store, "memory:dev", signal);
 * ```
 * @public
 */
export async function collectStatus(
  store: JobStore,
  locator: string,
  signal: AbortSignal,
): Promise<StatusReport> {
  const options = { signal };
  let jobs = 0;
  for await (const _ of store.jobs(options)) jobs += 1;
  const files = { count: 0, bytes: 0 };
  for await (const file of store.listFiles(options)) {
    files.count += 1;
    files.bytes += file.size;
  }
  const shared = { count: 0, bytes: 0, names: [] as string[] };
  for await (const file of store.listSharedFiles(options)) {
    // What an earlier jobstore copy left behind is not the workflow's.
    if (file.name === COPY_MARKER) continue;
    shared.count += 1;
    shared.bytes += file.size;
    shared.names.push(file.name);
  }
  shared.names.sort();
  const logs = { count: 0, unread: 0 };
  for await (const entry of store.listLogs(options)) {
    logs.count += 1;
    if (!entry.read) logs.unread += 1;
  }
  return {
    store: locator,
    workflowId: store.config.workflowId,
    backend: store.backendName,
    capabilities: store.capabilities,
    jobs: { count: jobs, root: await rootJob(store, signal) },
    files,
    sharedFiles: shared,
    logs,
    copyInProgress: copyMarkerOf(store) !== undefined,
  };
}

/**
 * The capabilities in one line, e.g. `batch create, public URLs: http, inline ≤ 256 B, parts of 50.0 MiB`.
 *
 * @example
 * ```ts
 * describeCapabilities(store.capabilities);
 * ```
 * @public
 */
export function describeCapabilities(c: JobStoreCapabilities): string {
  const parts: string[] = [];
  if (c.batchCreate) parts.push("batch create");
  if (c.encryption) parts.push("encryption");
  if (c.publicUrls !== "none") parts.push(`public URLs: ${c.publicUrls}`);
  if (c.inlineFileLimit > 0) parts.push(`inline ≤ ${formatBytes(c.inlineFileLimit)}`);
  if (c.partSize > 0) parts.push(`parts of ${formatBytes(c.partSize)}`);
  if (c.maxIdBytes > 0) parts.push(`IDs ≤ ${c.maxIdBytes} B`);
  return parts.length > 0 ? parts.join(", ") : "basic";
}

function statusPairs(r: StatusReport): [string, string][] {
  const root = r.jobs.root ? `${r.jobs.root.id}${r.jobs.root.name ? ` (${r.jobs.root.name})` : ""}` : "none";
  const pairs: [string, string][] = [
    ["store", r.store],
    ["workflow", r.workflowId],
    ["backend", r.backend],
    ["capabilities", describeCapabilities(r.capabilities)],
    ["jobs", String(r.jobs.count)],
    ["root job", root],
    ["files", `${r.files.count} (${formatBytes(r.files.bytes)})`],
    ["shared files", `${r.sharedFiles.count} (${formatBytes(r.sharedFiles.bytes)})`],
    ["logs", `${r.logs.count} (${r.logs.unread} unread)`],
  ];
  if (r.copyInProgress) pairs.push(["copy", "unfinished: run the same jobstore copy again"]);
  return pairs;
}

/**
 * The `status` command.
 *
 * @example
 * ```ts
 * program.addCommand(statusCommand(ctx));
 * ```
 * @public
 */
export function statusCommand(ctx: CommandContext): Command {
  return storeCommand(
    ctx,
    "status",
    "summarise a store: workflow, backend, jobs, files, shared files, logs",
    ["jobstore status", "jobstore status file:./run --json"],
  ).action(async (positional: string | undefined, options: StoreOptions, command: Command) => {
    const store = chosenStore(command, positional, options);
    const report = await withStore({ ...options, store, env: ctx.env }, ctx.signal, (opened) =>
      collectStatus(opened, store, ctx.signal),
    );
    if (options.json) writeJson(ctx.stdout, report);
    else await writePairs(ctx.stdout, statusPairs(report));
  });
}
