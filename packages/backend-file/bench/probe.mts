import { randomBytes } from "node:crypto";
import { createReadStream, promises as fsp, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobStore } from "@jobstore/core";
import { createFileBackend } from "../src/index.js";

const dir = mkdtempSync(join(tmpdir(), "fbp-"));
const backend = createFileBackend({ path: join(dir, "s") });
const store = createJobStore(backend);
await store.initialize();
const n = 200;
const ids: string[] = [];
for (let i = 0; i < n; i++) ids.push(await store.writeFileStream((w) => void w.end(randomBytes(65536))));
async function t(label: string, fn: (id: string) => Promise<unknown>) {
  const t0 = performance.now();
  for (const id of ids) await fn(id);
  console.log(label.padEnd(30), (((performance.now() - t0) / n) * 1000).toFixed(0), "µs/op");
}
await t("getFileSize (record read)", (id) => store.getFileSize(id));
await t("fileExists (stat)", (id) => store.fileExists(id));
await t("backend.readFile (open only)", async (id) => {
  const c = await backend.readFile(id, {});
  c.stream.destroy();
});
await t("readFileStream consumed", async (id) => {
  for await (const _ of await store.readFileStream(id)) {
  }
});
const contents = (await fsp.readdir(join(dir, "s", "content"))).map((n) => join(dir, "s", "content", n));
let k = 0;
await t("raw createReadStream", async () => {
  for await (const _ of createReadStream(contents[k++ % n]!)) {
  }
});
k = 0;
await t("raw fsp.readFile", async () => {
  await fsp.readFile(contents[k++ % n]!);
});
await store.destroy();
