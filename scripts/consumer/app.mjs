// A plain-Node consumer: only the installed tarballs, no TypeScript, no bundler. The first half is the
// README's "Install" snippet as written.
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openJobStore } from "@jobstore/core";

const dir = await mkdtemp(join(tmpdir(), "jobstore-app-"));
for (const locator of ["memory:app", `file:${join(dir, "store")}`]) {
  const store = await openJobStore(locator);
  await store.initialize();
  const job = await store.createJob(store.assignJobId({ jobName: "hello", command: "echo hi" }));
  const fileId = await store.writeFileStream((w) => w.end("input data"), {
    jobId: job.jobStoreId,
    cleanup: true,
  });
  let text = "";
  for await (const chunk of await store.readFileStream(fileId)) text += chunk;

  const local = join(dir, "local.txt");
  await writeFile(local, "from a path");
  const pathId = await store.writeFile(local, { jobId: job.jobStoreId });
  await store.readFile(pathId, join(dir, "copy.txt"));
  const loaded = await store.loadJob(job.jobStoreId);
  if (text !== "input data" || loaded.jobName !== "hello" || loaded.version !== 1) {
    throw new Error(`${locator}: read back ${JSON.stringify(text)}, job ${JSON.stringify(loaded)}`);
  }
  if ((await readFile(join(dir, "copy.txt"), "utf8")) !== "from a path")
    throw new Error(`${locator}: readFile`);
  await store.destroy();
  await store.close();
  console.log(`app.mjs: ${locator.split(":")[0]}: job and file round-trip ok`);
}
