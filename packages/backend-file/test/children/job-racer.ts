// One process of the job race: a writer updates one job as fast as it can, a reader loads it in a loop.
// Each starts on a "go" line on stdin (so every process is loaded before any races), runs until
// `maxOps` calls or `maxMs` have passed, whichever comes first, and prints one line of JSON:
// `{"ops":…,"failures":{"<error code>":count},"example":"…"}`.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { isJobStoreError } from "@jobstore/core";
import { createFileBackend } from "../../src/index.js";

const [path, jobId, role, maxOpsArg, maxMsArg] = process.argv.slice(2) as [string, string, string, string, string];
const backend = createFileBackend({ path });
await backend.open({});
console.log("ready");
await once(createInterface({ input: process.stdin }), "line");

const failures: Record<string, number> = {};
let example: string | undefined;
const started = Date.now();
const maxOps = Number(maxOpsArg);
const maxMs = Number(maxMsArg);
let ops = 0;
for (; ops < maxOps && Date.now() - started < maxMs; ops++) {
  try {
    if (role === "reader") {
      const job = await backend.loadJob(jobId, {});
      if (job?.jobStoreId !== jobId) throw new Error(`loadJob returned ${JSON.stringify(job)}`);
    } else {
      await backend.updateJob({ jobStoreId: jobId, version: ops + 2, jobName: role, payload: "x".repeat(ops % 3000) }, {});
    }
  } catch (err) {
    const code = isJobStoreError(err) ? err.code : String(err);
    failures[code] = (failures[code] ?? 0) + 1;
    example ??= err instanceof Error ? err.message : String(err);
  }
}
console.log(`result ${JSON.stringify({ ops, failures, ...(example ? { example } : {}) })}`);
process.exit(0);
