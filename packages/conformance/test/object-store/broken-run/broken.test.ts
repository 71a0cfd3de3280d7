import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { describeObjectStore } from "../../../src/index.js";
import type { BrokenObjectStoreConfig, Flaw } from "../broken-object-store.js";

// Only for the child run started by ../self.test.ts: the suite against each broken adapter named in
// JOBSTORE_BROKEN_FLAWS. It fails on purpose.
const root = mkdtempSync(join(tmpdir(), "jobstore-broken-objects-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

for (const flaw of (process.env.JOBSTORE_BROKEN_FLAWS ?? "").split(",").filter(Boolean) as Flaw[]) {
  const config: BrokenObjectStoreConfig = { root, flaw };
  describeObjectStore({
    name: `broken ${flaw}`,
    factory: {
      module: fileURLToPath(new URL("../broken-object-store.ts", import.meta.url)),
      export: "createBrokenObjectStore",
      config,
    },
    // Fewer processes and rounds than the default: a planted flaw shows in the first round.
    racers: 3,
    rounds: 2,
  });
}
