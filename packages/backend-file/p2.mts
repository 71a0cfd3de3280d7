import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobStore } from "@jobstore/core";
import { createFileBackend } from "./src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "fbp-"));
const store = createJobStore(createFileBackend({ path: join(dir, "s") }));
await store.initialize();
async function t(label: string, n: number, fn: (i: number) => Promise<unknown>) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  console.log(
    label.padEnd(24),
    ((wall / n) * 1000).toFixed(0).padStart(8),
    "µs/op wall",
    ((cpu.user + cpu.system) / n).toFixed(0).padStart(8),
    "µs/op cpu",
    (cpu.system / n).toFixed(0).padStart(6),
    "sys",
  );
}
const big = randomBytes(16 << 20);
const ids: string[] = [];
await t("writeFileStream 16M", 5, async () => ids.push(await store.writeFileStream((w) => void w.end(big))));
await t("readFileStream 16M", 5, async (i) => {
  for await (const _ of await store.readFileStream(ids[i]!)) {
  }
});
await t("deleteFile 16M", 5, async (i) => store.deleteFile(ids[i]!));
const small = randomBytes(65536);
await t("writeShared 64K", 50, async (i) => store.writeSharedFileStream(`s${i}`, (w) => void w.end(small)));
await t("readShared 64K", 50, async (i) => {
  for await (const _ of await store.readSharedFileStream(`s${i}`)) {
  }
});
await store.destroy();
