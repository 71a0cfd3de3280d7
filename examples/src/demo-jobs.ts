import { text } from "node:stream/consumers";
import type { FileId, JobStore, StoredJob } from "@jobstore/core";
import { type DemoStats, formatBytes, jobLabel, short, type Trace } from "./trace.js";

/** The root job's opaque body: the store keeps it as it is. */
export interface RootJob extends StoredJob {
  kind: "root";
  stage: "fan-out" | "waiting";
  children: string[];
}

/** A child job's opaque body. */
export interface ChildJob extends StoredJob {
  kind: "child";
  rootId: string;
  inputFileId: FileId;
  state: "pending" | "done";
  outputFileId?: FileId;
}

/** What one child computes from its input. */
export interface WordCount {
  words: number;
  longest: string;
}

/** Everything a job body needs: the store, the trace and the counters. */
export interface JobContext {
  store: JobStore;
  trace: Trace;
  stats: DemoStats;
  /**
   * How the crashing child dies. Absent: it throws {@link SimulatedCrash} (one process plays both runs,
   * as a memory store must). In a process of its own it kills that process for real.
   */
  die?: () => void;
}

/**
 * Thrown by a child to simulate the process dying after the child wrote its output file but before it
 * recorded that in its job: the file exists, the job still says "pending".
 */
export class SimulatedCrash extends Error {
  constructor(
    readonly job: string,
    readonly orphanFileId: FileId,
  ) {
    super(`simulated crash in ${job}`);
    this.name = "SimulatedCrash";
  }
}

async function writeText(ctx: JobContext, body: string, options: Parameters<JobStore["writeFileStream"]>[1]) {
  const bytes = Buffer.byteLength(body);
  const fileId = await ctx.store.writeFileStream((writable) => {
    writable.end(body);
  }, options);
  ctx.stats.filesWritten++;
  ctx.stats.bytesWritten += bytes;
  return { fileId, bytes };
}

async function readText(ctx: JobContext, fileId: FileId): Promise<string> {
  const body = await text(await ctx.store.readFileStream(fileId));
  ctx.stats.bytesRead += Buffer.byteLength(body);
  return body;
}

/** The root job's first step: one child per input, each with its input file, created in one batch. */
export async function fanOut(ctx: JobContext, root: RootJob, inputs: readonly string[]): Promise<void> {
  const children = await ctx.store.batch(async () => {
    const made: ChildJob[] = [];
    for (const [index, input] of inputs.entries()) {
      const child = ctx.store.assignJobId({
        jobName: `count-words-${index + 1}`,
        kind: "child" as const,
        rootId: root.jobStoreId,
        inputFileId: "",
        state: "pending" as const,
      });
      // The file is attached to the child's ID before the child exists, and goes when the child goes.
      const { fileId, bytes } = await writeText(ctx, input, {
        jobId: child.jobStoreId,
        cleanup: true,
        basename: `input-${index + 1}.txt`,
      });
      child.inputFileId = fileId;
      made.push((await ctx.store.createJob(child)) as ChildJob);
      ctx.trace.line(
        `${jobLabel(root)} wrote input file ${short(fileId)} (${formatBytes(bytes)}) for ${jobLabel(child)}`,
      );
    }
    return made;
  });
  root.children = children.map((child) => child.jobStoreId);
  root.stage = "waiting";
  await ctx.store.updateJob(root);
  ctx.trace.line(
    `${jobLabel(root)} created ${children.length} child jobs in one batch (root now v${root.version})`,
  );
}

/** Counts the words of a text and finds its longest one. */
export function countWords(input: string): WordCount {
  const words = input.split(/[^\p{L}\p{N}'-]+/u).filter((word) => word.length > 0);
  const longest = words.reduce((best, word) => (word.length > best.length ? word : best), "");
  return { words: words.length, longest };
}

/**
 * Runs one child: read its input, write its output (owned by the root, cleaned up with it), log, and
 * record completion in the job. With `crash`, it throws {@link SimulatedCrash} between the file write
 * and the job update.
 */
export async function runChild(ctx: JobContext, child: ChildJob, crash: boolean): Promise<void> {
  ctx.stats.jobsRun++;
  const input = await readText(ctx, child.inputFileId);
  const result = countWords(input);
  ctx.trace.line(`${jobLabel(child)} read input ${short(child.inputFileId)}: ${result.words} words`);
  const { fileId } = await writeText(ctx, JSON.stringify(result), {
    jobId: child.rootId,
    cleanup: true,
    basename: `${child.jobName}.json`,
  });
  ctx.trace.line(`${jobLabel(child)} wrote output file ${short(fileId)} (cleanup with the root)`);
  if (crash) {
    ctx.trace.line(
      `${jobLabel(child)} CRASH: the process dies before the job update; file ${short(fileId)} is orphaned`,
    );
    ctx.die?.();
    throw new SimulatedCrash(jobLabel(child), fileId);
  }
  await ctx.store.writeLogs(`${child.jobName}: ${result.words} words, longest "${result.longest}"`);
  child.state = "done";
  child.outputFileId = fileId;
  await ctx.store.updateJob(child);
  ctx.trace.line(`${jobLabel(child)} done (job v${child.version})`);
}

/** What the root gathers from its children. */
export interface GatherResult {
  totalWords: number;
  longest: string;
  perChild: Record<string, number>;
}

/**
 * The root's last step: read every child's output, publish the total as shared file `result.json`,
 * read the children's log messages, then delete the children and itself (their cleanup files with them).
 */
export async function gather(
  ctx: JobContext,
  root: RootJob,
  orphans: readonly FileId[],
): Promise<GatherResult> {
  ctx.stats.jobsRun++;
  const result: GatherResult = { totalWords: 0, longest: "", perChild: {} };
  const outputs: FileId[] = [];
  for (const childId of root.children) {
    const child = (await ctx.store.loadJob(childId)) as ChildJob;
    if (child.state !== "done" || !child.outputFileId) throw new Error(`${jobLabel(child)} has not finished`);
    const counted = JSON.parse(await readText(ctx, child.outputFileId)) as WordCount;
    outputs.push(child.outputFileId);
    result.totalWords += counted.words;
    result.perChild[child.jobName ?? childId] = counted.words;
    if (counted.longest.length > result.longest.length) result.longest = counted.longest;
  }
  ctx.trace.line(`${jobLabel(root)} gathered ${outputs.length} outputs: ${result.totalWords} words in total`);

  const body = JSON.stringify(result);
  await ctx.store.writeSharedFileStream(
    "result.json",
    (writable) => {
      writable.end(body);
    },
    { encrypted: false },
  );
  ctx.stats.bytesWritten += Buffer.byteLength(body);
  ctx.trace.line(`${jobLabel(root)} wrote shared file result.json (${formatBytes(Buffer.byteLength(body))})`);

  const read = await ctx.store.readLogs((message) => {
    ctx.trace.line(`log: ${message.toString("utf8")}`);
  });
  ctx.stats.logsRead += read;

  const inputs: FileId[] = [];
  for (const childId of root.children) {
    inputs.push(((await ctx.store.loadJob(childId)) as ChildJob).inputFileId);
    await ctx.store.deleteJob(childId);
  }
  const inputsLeft = (await Promise.all(inputs.map((fileId) => ctx.store.fileExists(fileId)))).filter(
    Boolean,
  );
  ctx.trace.line(
    `${jobLabel(root)} deleted ${root.children.length} children: ${inputs.length - inputsLeft.length}/${inputs.length} input files went with them`,
  );
  await ctx.store.deleteJob(root.jobStoreId);
  const left = await Promise.all([...outputs, ...orphans].map((fileId) => ctx.store.fileExists(fileId)));
  const removed = left.filter((exists) => !exists).length;
  ctx.trace.line(
    `${jobLabel(root)} deleted itself: ${removed}/${left.length} output files cleaned up${orphans.length > 0 ? " (the crash's orphan included)" : ""}`,
  );
  return result;
}
