import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobStore } from "@jobstore/core";
import { createFileBackend } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "fbb-"));
const store = createJobStore(createFileBackend({ path: join(dir, "s") }));
await store.initialize();
const n = 200;
const payloads = Array.from({ length: n }, () => randomBytes(64 * 1024));
async function t(label: string, fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  console.log(label.padEnd(30), (n / s).toFixed(0), "ops/s");
}
const ids: string[] = [];
await t("writeFileStream", async () => {
  for (const p of payloads) ids.push(await store.writeFileStream((w) => void w.end(p)));
});
await t("readFileStream", async () => {
  for (const id of ids) {
    let _k = 0;
    for await (const c of await store.readFileStream(id)) _k += c.length;
  }
});
await t("deleteFile", async () => {
  for (const id of ids) await store.deleteFile(id);
});
await t("writeShared", async () => {
  for (const [i, p] of payloads.entries()) await store.writeSharedFileStream(`s-${i}`, (w) => void w.end(p));
});
await t("readShared", async () => {
  for (let i = 0; i < n; i++) {
    for await (const _c of await store.readSharedFileStream(`s-${i}`)) {
    }
  }
});
const jobs: any[] = [];
await t("createJob", async () => {
  for (let i = 0; i < n; i++) jobs.push(await store.createJob(store.assignJobId({ jobName: "x", i })));
});
await t("loadJob", async () => {
  for (const j of jobs) await store.loadJob(j.jobStoreId);
});
await t("jobExists", async () => {
  for (const j of jobs) await store.jobExists(j.jobStoreId);
});
await t("updateJob", async () => {
  for (const j of jobs) await store.updateJob(j);
});
await t("deleteJob", async () => {
  for (const j of jobs) await store.deleteJob(j.jobStoreId);
});
await store.destroy();
