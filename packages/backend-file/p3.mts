import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobStore } from "@jobstore/core";
import { createFileBackend } from "./src/index.ts";

const dir = mkdtempSync(join(tmpdir(), "fbp-"));
const store = createJobStore(createFileBackend({ path: join(dir, "s") }));
await store.initialize();
const small = randomBytes(65536);
const mode = process.argv[2];
const ids: string[] = [];
for (let i = 0; i < 20; i++) {
  if (mode === "shared") await store.writeSharedFileStream(`s${i}`, (w) => void w.end(small));
  else ids.push(await store.writeFileStream((w) => void w.end(small)));
}
console.error("MARK");
for (let i = 0; i < 100; i++) {
  if (mode === "shared") await store.writeSharedFileStream(`s${i}`, (w) => void w.end(small));
  else if (mode === "read") {
    for await (const _ of await store.readFileStream(ids[i % 20]!)) {
    }
  } else await store.writeFileStream((w) => void w.end(small));
}
await store.destroy();
