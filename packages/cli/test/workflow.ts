import { text } from "node:stream/consumers";
import type { JobStore, StoredJob } from "@jobstore/core";

// A small workflow in the demo's shape: a root fans out to children whose bodies hold file IDs; each
// child reads its input file and writes an output file, then marks itself done. Run 1 stops after
// `crashAfter` children, as a crashed leader would; `finish` resumes from whatever store it is given.

const INPUTS = ["one two three", "four five", "six seven eight nine", "ten"];

interface Child extends StoredJob {
  kind: "child";
  input: string;
  state: "pending" | "done";
  output?: string;
}

/** Run 1: creates the root and the children, runs `crashAfter` of them, and stops. */
export async function startWorkflow(store: JobStore, crashAfter: number): Promise<void> {
  const root = await store.createJob(
    store.assignJobId({ jobName: "root", kind: "root", children: [] as string[] }),
  );
  await store.setRootJob(root.jobStoreId);
  for (const [i, words] of INPUTS.entries()) {
    const child = store.assignJobId({ jobName: `count-${i}`, kind: "child", input: "", state: "pending" });
    child.input = await store.writeFileStream((w) => w.end(words), {
      jobId: child.jobStoreId,
      cleanup: true,
    });
    await store.createJob(child);
    root.children.push(child.jobStoreId);
  }
  await store.updateJob(root);
  let ran = 0;
  for (const id of root.children) {
    if (ran++ >= crashAfter) return;
    await runChild(store, (await store.loadJob(id)) as Child);
  }
}

async function runChild(store: JobStore, child: Child): Promise<void> {
  const words = (await text(await store.readFileStream(child.input))).split(" ").length;
  child.output = await store.writeFileStream((w) => w.end(String(words)), {
    jobId: child.jobStoreId,
    cleanup: true,
  });
  child.state = "done";
  await store.updateJob(child);
  await store.writeLogs(`${child.jobName} counted ${words}`);
}

/** Run 2: resumes from the root job, runs the pending children and returns the total word count. */
export async function finishWorkflow(store: JobStore): Promise<{ total: number; resumedChildren: number }> {
  const root = await store.loadRootJob();
  let resumedChildren = 0;
  let total = 0;
  for (const id of root.children as string[]) {
    const child = (await store.loadJob(id)) as Child;
    if (child.state !== "done") {
      await runChild(store, child);
      resumedChildren += 1;
    }
    const done = (await store.loadJob(id)) as Child;
    total += Number(await text(await store.readFileStream(done.output as string)));
  }
  return { total, resumedChildren };
}

/** The total a complete run computes. */
export const EXPECTED_TOTAL = INPUTS.join(" ").split(" ").length;
