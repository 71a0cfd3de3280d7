// A writer that is SIGKILLed by the test at a random moment: it updates one job, one file and one shared
// file, writes logs and new cleanup files, as fast as it can, forever. Every payload carries its own
// SHA-256, so the test can tell a whole version from a torn one. It prints "loaded" once its modules are
// loaded, starts on a "go" line on stdin (so the test can start the next writer while this one runs), and
// prints "running" after its first round.
import { once } from "node:events";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { createFileBackend } from "../../src/index.js";
import { selfChecked } from "./payload.js";

const [path, jobId, fileId] = process.argv.slice(2) as [string, string, string];
console.log("loaded");
await once(createInterface({ input: process.stdin }), "line");
const backend = createFileBackend({ path });
await backend.open({});

for (let round = 1; ; round++) {
  const payload = selfChecked(round, "job").toString("latin1");
  await backend.updateJob({ jobStoreId: jobId, version: round + 1, payload }, {});
  await backend.updateFile(fileId, Readable.from([selfChecked(round, "file")]), {});
  await backend.writeSharedFile("state", Readable.from([selfChecked(round, "shared")]), false, {});
  await backend.writeLogs(selfChecked(round, "log"), {});
  const extra = backend.newFileId({ jobId });
  await backend.writeFile(
    extra,
    Readable.from([selfChecked(round, "extra")]),
    { jobId, cleanup: true, executable: false },
    {},
  );
  if (round === 1) console.log("running");
}
