import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import { describeObjectStore } from "../../src/index.js";
import type { FsObjectStoreConfig } from "./fs-object-store.js";

// The suite passes on the reference adapter: what fails in the broken runs (self.test.ts here) is the
// flaws' doing.
const config: FsObjectStoreConfig = { root: mkdtempSync(join(tmpdir(), "jobstore-fs-objects-")) };
afterAll(() => rmSync(config.root, { recursive: true, force: true }));

describeObjectStore({
  name: "fs reference",
  factory: {
    module: fileURLToPath(new URL("./fs-object-store.ts", import.meta.url)),
    export: "createFsObjectStore",
    config,
  },
});
