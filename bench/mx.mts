import { createJobStore } from "@jobstore/core";
import { createFileBackend } from "@jobstore/backend-file";
import { mkdtempSync, rmSync } from "node:fs";
const dir = mkdtempSync("/var/tmp/mx-");
const s = createJobStore(createFileBackend({ path: `${dir}/store` })); await s.initialize();
const ids = []; for (let i = 0; i < 500; i++) ids.push((await s.createJob(s.assignJobId({ jobName: "j", command: `c${i}`, filesToDelete: [] }))).jobStoreId);
const op = process.env.OP ?? "exists";
for (let r = 0; r < 5; r++) {
  const t = performance.now();
  for (let k = 0; k < 40; k++) for (const id of ids) { if (op === "exists") await s.jobExists(id); else await s.loadJob(id); }
  console.log(op, "µs/op", ((performance.now() - t) / (40 * ids.length) * 1000).toFixed(2));
}
await s.destroy(); rmSync(dir, { recursive: true });
