import type { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import type { JobStore } from "@jobstore/core";
import { makeFileContent, makeJob } from "../protocol/content.js";
import { allowedVersions, isAllowed, Journal, readJournal } from "../protocol/journal.js";
import type {
  CheckObject,
  Observation,
  ParentMessage,
  SeededObjects,
  WorkerTask,
} from "../protocol/messages.js";
import { fileSizes, jobSizes, largeWrite, pickJobSize, pickSize } from "../protocol/sizes.js";
import {
  bounded,
  describeError,
  errorDetail,
  HangError,
  nextCommand,
  observeFile,
  observeJob,
  send,
} from "./worker-io.js";

/** The codes a call may fail with because the storage (or the network to it) failed. */
const FAULT_CODES = new Set(["JOBSTORE_UNAVAILABLE", "JOBSTORE_CHECKSUM_MISMATCH"]);

type Task<M extends WorkerTask["mode"]> = Extract<WorkerTask, { mode: M }>;

/** Initializes the store and writes the objects of a check, journalled as acknowledged. */
export async function seed(store: JobStore, task: Task<"seed">): Promise<void> {
  await store.initialize();
  const journal = new Journal(task.journal);
  const objects: SeededObjects = { jobs: [], files: [] };
  for (let i = 0; i < task.jobs; i++) {
    const key = `job${i}`;
    const tag = "seed";
    const { jobStoreId } = store.assignJobId({ jobName: key });
    await store.createJob(makeJob(jobStoreId as string, key, tag, 500));
    journal.write({ t: "ack", key, tag });
    objects.jobs.push({ key, id: jobStoreId as string });
  }
  for (let i = 0; i < task.files; i++) {
    const key = `file${i}`;
    const tag = "seed";
    const content = makeFileContent(key, tag, 200);
    const id = await store.writeFileStream((w) => {
      w.end(content);
    });
    journal.write({ t: "ack", key, tag });
    objects.files.push({ key, id });
  }
  journal.close();
  await send({ type: "seeded", objects });
}

/** Reads every object from this fresh process. */
export async function observeAll(store: JobStore, objects: SeededObjects): Promise<Observation[]> {
  const observations: Observation[] = [];
  for (const job of objects.jobs) observations.push(await observeJob(store, job));
  for (const file of objects.files) observations.push(await observeFile(store, file));
  return observations;
}

/** How many jobs `jobs()` lists, or why listing failed. */
async function countJobs(store: JobStore): Promise<number | string> {
  let n = 0;
  try {
    for await (const _ of store.jobs()) n++;
  } catch (err) {
    return `jobs() failed after ${n}: ${errorDetail(err)}`;
  }
  return n;
}

/** Reports what every object holds now. */
export async function verify(store: JobStore, task: Task<"verify">): Promise<void> {
  const observations = await observeAll(store, task.objects);
  const jobsListed = await countJobs(store);
  await send({ type: "observed", observations, jobsListed });
}

const isGo = (m: ParentMessage): m is Extract<ParentMessage, { cmd: "go" }> => m.cmd === "go";

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

/** How long a large write holds back its rest: the parent kills the worker well within it. */
const LARGE_HOLD_MS = 3_000;

/**
 * Hands the first `handedOver` bytes of a large write to the store, tells the parent (`began`), then holds
 * the rest back: the kill lands while the store has part of the content and the write cannot have
 * committed, so what it left on the storage must be found as leftovers.
 */
async function handOverAndHold(w: Writable, content: Buffer, handedOver: number, n: number): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    w.write(content.subarray(0, handedOver), (err) => (err ? reject(err) : resolve())),
  );
  await send({ type: "began", n, size: content.length });
  await sleep(LARGE_HOLD_MS);
}

/**
 * Updates random objects with sizes around the backend's limits, journalling each write before and after
 * the call, until killed or `maxOps`. With `reads`, also reads objects and checks each read against the
 * journal; with `callTimeoutMs`, every call is bounded and its failures are recorded, not fatal.
 */
export async function loop(store: JobStore, task: Task<"loop">): Promise<void> {
  if (task.verifyFirst) {
    const observations = await observeAll(store, task.objects);
    const jobsListed = await countJobs(store);
    // The readings are judged against the journal as it is now, so they carry its length, and no write
    // starts before the parent has judged them: a write made meanwhile could rule out what was read.
    const journalEntries = readJournal(task.journal).length;
    await send({ type: "observed", observations, jobsListed, journalEntries });
    await nextCommand(isGo);
  }
  const journal = new Journal(task.journal);
  const allowed = allowedVersions(readJournal(task.journal));
  const jSizes = jobSizes(store.capabilities);
  const fSizes = fileSizes(store.capabilities, task.withParts);
  const failures: Record<string, number> = {};
  const violations: string[] = [];
  let reads = 0;
  const run = <T>(fn: (signal?: AbortSignal) => Promise<T>) => bounded(task.callTimeoutMs, fn);
  // Under faults a call may fail, but only as the storage failing: retryable UNAVAILABLE, or a checksum
  // mismatch on a read of truncated content. A lone writer told CONCURRENT_MODIFICATION, or a live
  // object reported missing, is a lie the caller would act on.
  const recordFailure = (what: string, err: unknown, timedOut: boolean) => {
    const label = err instanceof HangError ? "HANG" : timedOut ? "TIMEOUT" : describeError(err);
    failures[label] = (failures[label] ?? 0) + 1;
    if (!FAULT_CODES.has(label))
      violations.push(`${what}: ${label === "HANG" || timedOut ? String(err) : errorDetail(err)}`);
  };

  for (let n = 1; n <= task.maxOps; n++) {
    const tag = `${task.life}.${n}`;
    const large = n === 1 && task.largeFirst === true && task.objects.files.length > 0;
    const onJob =
      !large && (task.objects.files.length === 0 || (task.objects.jobs.length > 0 && Math.random() < 0.5));
    const target: CheckObject = onJob ? pick(task.objects.jobs) : pick(task.objects.files);
    if (task.reads && Math.random() < 0.4) {
      reads++;
      const seen = onJob ? await observeJob(store, target) : await observeFile(store, target);
      if (seen.tag !== undefined && !isAllowed(allowed.get(target.key), seen.tag)) {
        violations.push(`read of ${target.key} returned ${seen.tag}, not a version it may hold`);
      } else if (seen.code === undefined && seen.problem) {
        violations.push(`read of ${target.key} returned damaged content: ${seen.problem}`);
      } else if (seen.code) {
        failures[seen.code] = (failures[seen.code] ?? 0) + 1;
        if (!FAULT_CODES.has(seen.code)) violations.push(`read of ${target.key}: ${seen.problem}`);
      }
    }
    journal.write({ t: "begin", key: target.key, tag });
    const a = allowed.get(target.key) ?? { acked: undefined, pending: [] };
    allowed.set(target.key, a);
    a.pending.push(tag);
    const started = Date.now();
    try {
      if (onJob) {
        const job = makeJob(target.id, target.key, tag, pickJobSize(jSizes));
        await run((signal) => store.updateJob(job, signal ? { signal } : undefined));
      } else {
        const big = large ? largeWrite(store.capabilities) : undefined;
        const content = makeFileContent(target.key, tag, big ? big.size : pickSize(fSizes));
        await run((signal) =>
          store.updateFileStream(
            target.id,
            async (w) => {
              if (big) await handOverAndHold(w, content, big.handedOver, n);
              w.end(big ? content.subarray(big.handedOver) : content);
            },
            signal ? { signal } : undefined,
          ),
        );
      }
      journal.write({ t: "ack", key: target.key, tag });
      a.acked = tag;
      a.pending = [];
    } catch (err) {
      const timedOut = task.callTimeoutMs > 0 && Date.now() - started >= task.callTimeoutMs;
      journal.write({ t: "fail", key: target.key, tag, code: errorDetail(err) });
      // Without a timeout this is the crash check, which reads failures from the journal.
      if (task.callTimeoutMs > 0) recordFailure(`update of ${target.key} (${tag})`, err, timedOut);
    }
    await send({ type: "op", n });
  }
  journal.close();
  await send({ type: "looped", ops: task.maxOps, reads, failures, violations });
}

/**
 * The end of a check: leftovers found and removed through the front end, every object read again (the
 * removal must not touch live data), then the store destroyed and `resume` refused.
 */
export async function final(
  store: JobStore,
  task: Task<"final">,
  reopen: () => Promise<JobStore>,
): Promise<void> {
  if (task.observeFirst) await verify(store, { mode: "verify", objects: task.objects });
  if (task.holdAfterObserve) await nextCommand(isGo);
  const notes: string[] = [];
  const violations: string[] = [];
  const leftoverKinds: Record<string, number> = {};
  let leftoversFound = 0;
  let leftoversAfterRemoval = 0;
  if (typeof store.findLeftovers !== "function") {
    notes.push("the front end has no findLeftovers: leftovers checked only by destroy");
  } else {
    try {
      const found = [];
      for await (const leftover of store.findLeftovers()) found.push(leftover);
      leftoversFound = found.length;
      for (const l of found) leftoverKinds[l.kind] = (leftoverKinds[l.kind] ?? 0) + 1;
      await store.removeLeftovers(found);
      for await (const _ of store.findLeftovers()) leftoversAfterRemoval++;
    } catch (err) {
      violations.push(`findLeftovers/removeLeftovers failed: ${errorDetail(err)}`);
    }
  }
  const observations = await observeAll(store, task.objects);
  try {
    await store.destroy();
  } catch (err) {
    violations.push(`destroy failed: ${errorDetail(err)}`);
  }
  const again = await reopen();
  try {
    await again.resume();
    violations.push("resume() after destroy() succeeded: the store is still there");
  } catch (err) {
    const code = describeError(err);
    if (code !== "JOBSTORE_NO_SUCH_STORE")
      violations.push(`resume() after destroy() failed with ${errorDetail(err)}`);
  } finally {
    await again.close();
  }
  await send({
    type: "final",
    findsLeftovers: typeof store.findLeftovers === "function",
    leftoversFound,
    leftoverKinds,
    leftoversAfterRemoval,
    observations,
    notes,
    violations,
  });
}
