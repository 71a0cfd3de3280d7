import { join } from "node:path";
import { createJobStore } from "@jobstore/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { createFileBackend } from "../src/index.js";
import { type Child, startChild } from "./children/spawn.js";
import { describeOn, scratchDirOn } from "./file-systems.js";
import { scratchDir } from "./fixture.js";

interface Outcome {
  ops: number;
  failures: Record<string, number>;
  example?: string;
}

// Each process stops at whichever comes first. Through FUSE, before lookups were retried, one reader
// saw thousands of false absences in this time (a job missing in about one load in six).
const MAX_OPS = 200_000;

async function raceOn(dir: string, roles: string[], maxMs: number): Promise<Map<string, Outcome[]>> {
  const path = join(dir, "store");
  const store = createJobStore(createFileBackend({ path }));
  await store.initialize();
  onTestFinished(() => store.destroy());
  const job = await store.createJob(store.assignJobId({ jobName: "raced", payload: "" }));
  const fileId = await store.writeFileStream((w) => w.end("first version"));
  await store.writeSharedFileStream("raced", (w) => w.end("first version"));
  const children: Array<[string, Child]> = roles.map((role) => [
    role,
    startChild("renamer.ts", [path, role, job.jobStoreId, fileId, String(MAX_OPS), String(maxMs)]),
  ]);
  onTestFinished(() => {
    for (const [, child] of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill("SIGKILL");
    }
  });
  await Promise.all(children.map(([, child]) => child.next("ready")));
  for (const [, child] of children) child.send("go");
  const outcomes = new Map<string, Outcome[]>();
  for (const [role, child] of children) {
    const outcome = JSON.parse((await child.next("result ")).slice("result ".length)) as Outcome;
    outcomes.set(role, [...(outcomes.get(role) ?? []), outcome]);
  }
  return outcomes;
}

/** Every process's failures, by role: empty when no lookup ever missed and no write failed. */
function failuresOf(outcomes: Map<string, Outcome[]>): Record<string, Outcome["failures"]> {
  const failed: Record<string, Outcome["failures"]> = {};
  for (const [role, list] of outcomes) {
    for (const [i, outcome] of list.entries()) {
      if (Object.keys(outcome.failures).length > 0) failed[`${role} ${i}`] = outcome.failures;
    }
  }
  return failed;
}

function registerRaces(root: () => Promise<string>, maxMs: number, files = true): void {
  it("four processes updating one job while a fifth loads it: no JOBSTORE_NO_SUCH_JOB, no failed update", async () => {
    const roles = ["job-writer", "job-writer", "job-writer", "job-writer", "job-reader"];
    const outcomes = await raceOn(await root(), roles, maxMs);
    console.log(`job race: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(failuresOf(outcomes)).toEqual({});
    // The race happened: the reader saw the job many times while it was being replaced.
    expect(outcomes.get("job-reader")![0]!.ops).toBeGreaterThan(100);
    expect(outcomes.get("job-writer")!.every((o) => o.ops > 10)).toBe(true);
  }, 60_000);

  it.runIf(files)(
    "a file, a shared file and the config being replaced are never reported missing",
    async () => {
      const roles = ["file-writer", "file-reader"];
      const outcomes = await raceOn(await root(), roles, maxMs);
      console.log(`file race: ${JSON.stringify(Object.fromEntries(outcomes))}`);
      expect(failuresOf(outcomes)).toEqual({});
      expect(outcomes.get("file-reader")![0]!.ops).toBeGreaterThan(100);
    },
    60_000,
  );
}

describe("records replaced by rename, on the plain temp directory", () => {
  registerRaces(scratchDir, 2000);
});

describeOn("FUSE", "records replaced by rename, through a FUSE passthrough mount", (dir) => {
  registerRaces(() => scratchDirOn(dir), 4000);
});

// Local file systems, where a rename is atomic for every lookup: the job race alone, briefly.
describeOn("BTRFS", "records replaced by rename, on btrfs", (dir) => {
  registerRaces(() => scratchDirOn(dir), 2000, false);
});

describeOn("XFS", "records replaced by rename, on xfs", (dir) => {
  registerRaces(() => scratchDirOn(dir), 2000, false);
});
