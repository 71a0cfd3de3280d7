// One process of the rename races: writers replace a job, a file or a shared file as fast as they can;
// readers look them up (load, read, exists, size) in a loop. Every process opens the store, prints
// "ready", starts on a "go" line on stdin (so all are loaded before any races), runs until `maxOps`
// calls or `maxMs` have passed, and prints `result {"ops":…,"failures":{"<code>":count},"example":"…"}`.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { buffer } from "node:stream/consumers";
import { createJobStore, isJobStoreError } from "@jobstore/core";
import { createFileBackend } from "../../src/index.js";

const [path, role, jobId, fileId, maxOpsArg, maxMsArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const store = createJobStore(createFileBackend({ path }));
await store.resume();
console.log("ready");
await once(createInterface({ input: process.stdin }), "line");

function expect(what: string, ok: boolean): void {
  if (!ok) throw new Error(`${what} was wrong`);
}

// What each role does once; `n` counts the calls.
const roles: Record<string, (n: number) => Promise<void>> = {
  "job-writer": (n) =>
    store.updateJob({ jobStoreId: jobId, jobName: "raced", version: n, payload: "x".repeat(n % 3000) }),
  "job-reader": async (n) => {
    if (n % 4 === 3) expect("jobExists", await store.jobExists(jobId));
    else expect("loadJob", (await store.loadJob(jobId)).jobStoreId === jobId);
  },
  "file-writer": async (n) => {
    await store.updateFileStream(fileId, (w) => w.end(`file version ${n}\n`.repeat(n % 200)));
    await store.writeSharedFileStream("raced", (w) => w.end(`shared version ${n}\n`));
    if (n % 5 === 0) await store.writeConfig();
  },
  "file-reader": async (n) => {
    switch (n % 5) {
      case 0:
        expect("fileExists", await store.fileExists(fileId));
        break;
      case 1:
        await store.getFileSize(fileId);
        break;
      case 2:
        await buffer(await store.readSharedFileStream("raced"));
        break;
      case 3:
        await buffer(await store.readSharedFileStream("config.json"));
        break;
      default:
        await buffer(await store.readFileStream(fileId));
    }
  },
};
const step = roles[role];
if (!step) throw new Error(`unknown role ${role}`);

const failures: Record<string, number> = {};
let example: string | undefined;
const started = Date.now();
let ops = 0;
for (; ops < Number(maxOpsArg) && Date.now() - started < Number(maxMsArg); ops++) {
  try {
    await step(ops + 1);
  } catch (err) {
    const code = isJobStoreError(err) ? err.code : String(err);
    failures[code] = (failures[code] ?? 0) + 1;
    example ??= err instanceof Error ? err.message : String(err);
  }
}
console.log(`result ${JSON.stringify({ ops, failures, ...(example ? { example } : {}) })}`);
process.exit(0);
