// A CommonJS consumer: require() of the ESM packages (Node >= 20.19 loads ESM through require()).
const { openJobStore, isJobStoreError } = require("@jobstore/core");
const { createMemoryBackend } = require("@jobstore/backend-memory");

(async () => {
  if (typeof createMemoryBackend !== "function") throw new Error("require(@jobstore/backend-memory) failed");
  const store = await openJobStore("memory:cjs");
  await store.initialize();
  const job = await store.createJob(store.assignJobId({ jobName: "cjs" }));
  const loaded = await store.loadJob(job.jobStoreId);
  try {
    await store.loadJob("missing");
    throw new Error("loadJob of a missing job resolved");
  } catch (err) {
    if (!isJobStoreError(err, "JOBSTORE_NO_SUCH_JOB")) throw err;
  }
  await store.destroy();
  await store.close();
  if (loaded.jobName !== "cjs") throw new Error("job did not round-trip");
  console.log("app.cjs: require() of @jobstore/core and @jobstore/backend-memory ok");
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
