import type { JobStore } from "@jobstore/core";
import { makeFileContent, makeJob } from "../protocol/content.js";
import type { ParentMessage, WorkerTask } from "../protocol/messages.js";
import { fileSizes, jobSizes, pickJobSize } from "../protocol/sizes.js";
import {
  describeError,
  errorDetail,
  nextCommand,
  observeFile,
  observeJob,
  send,
  takeCommand,
} from "./worker-io.js";

type Task<M extends WorkerTask["mode"]> = Extract<WorkerTask, { mode: M }>;
type Command<C extends ParentMessage["cmd"]> = Extract<ParentMessage, { cmd: C }>;

const is =
  <C extends ParentMessage["cmd"]>(cmd: C, round?: number) =>
  (m: ParentMessage): m is Command<C> =>
    m.cmd === cmd && (round === undefined || (m as { round?: number }).round === round);

/** Tells the parent this worker has its store open, and the limits it sizes writes by. */
function ready(store: JobStore): Promise<void> {
  const { jobChunkSize, overlargeJobThreshold, inlineFileLimit, partSize } = store.capabilities;
  return send({
    type: "ready",
    capabilities: { jobChunkSize, overlargeJobThreshold, inlineFileLimit, partSize },
  });
}

/**
 * One of the processes racing on one file, round by round: on `read` it reads the file (and reports how
 * long a metadata call takes, which the parent uses to wait out the base-version reads); on `update` it
 * starts an update whose content it holds back until `release`, so every racer's update is in flight at
 * once and none can commit before all have begun.
 */
export async function fileRacer(store: JobStore, task: Task<"file-racer">): Promise<void> {
  await ready(store);
  const sizes = fileSizes(store.capabilities, true);
  for (;;) {
    const command = await nextCommand(
      (m): m is Command<"read"> | Command<"update"> | Command<"exit"> =>
        m.cmd === "read" || m.cmd === "update" || m.cmd === "exit",
    );
    if (command.cmd === "exit") return;
    if (command.cmd === "read") {
      const started = Date.now();
      await store.getFileSize(task.file.id).catch(() => 0);
      const latencyMs = Date.now() - started;
      const seen = await observeFile(store, task.file);
      await send({ type: "read", round: command.round, latencyMs, ...seen });
      continue;
    }
    const { round } = command;
    // Every racer of a round writes the same size; rounds walk through the sizes around the limits.
    const size = sizes[round % sizes.length] as number;
    const tag = `r${round}.p${task.index}`;
    const content = makeFileContent(task.file.key, tag, size);
    try {
      await store.updateFileStream(task.file.id, async (w) => {
        w.write(content);
        await send({ type: "entered", round });
        await nextCommand(is("release", round));
        w.end();
      });
      await send({ type: "updated", round, tag, won: true });
    } catch (err) {
      await send({ type: "updated", round, tag, won: false, code: describeError(err) });
    }
  }
}

/** Updates one job `updates` times with sizes around the backend's chunk and spill limits (tags `w<i>.<n>`). */
export async function jobWriter(store: JobStore, task: Task<"job-writer">): Promise<void> {
  const sizes = jobSizes(store.capabilities);
  await ready(store);
  await nextCommand(is("go"));
  const errors: string[] = [];
  const written: number[] = [];
  let lastAcked: string | undefined;
  const started = Date.now();
  let n = 1;
  for (; n <= task.updates * 10 && (n <= task.updates || Date.now() - started < task.minMs); n++) {
    const tag = `w${task.index}.${n}`;
    const size = pickJobSize(sizes);
    try {
      await store.updateJob(makeJob(task.job.id, task.job.key, tag, size));
      lastAcked = tag;
      written.push(size);
    } catch (err) {
      errors.push(`${tag} (${size} bytes): ${errorDetail(err)}`);
    }
  }
  await send({
    type: "wrote",
    attempted: n - 1,
    written: written.length,
    sizes: written,
    errors,
    ...(lastAcked ? { lastAcked } : {}),
  });
}

/** Loads one job as fast as it can until `stop`, then once more; reports every problem and every tag seen. */
export async function jobReader(store: JobStore, task: Task<"job-reader">): Promise<void> {
  await ready(store);
  await nextCommand(is("go"));
  const tags = new Set<string>();
  const problems: string[] = [];
  let problemCount = 0;
  let loads = 0;
  while (!takeCommand("stop")) {
    const seen = await observeJob(store, task.job);
    loads++;
    if (seen.tag) tags.add(seen.tag);
    if (seen.problem) {
      problemCount++;
      if (problems.length < 20 && !problems.includes(seen.problem)) problems.push(seen.problem);
    }
    // Lets the stop command in (loadJob may complete without yielding to the event loop's I/O phase).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const last = await observeJob(store, task.job);
  await send({ type: "loaded", loads, problemCount, problems, tags: [...tags], last });
}
