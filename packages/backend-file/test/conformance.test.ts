import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeJobStoreConformance } from "@jobstore/conformance";
import { createJobStore } from "@jobstore/core";
import { createFileBackend, type FileBackendOptions } from "../src/index.js";

// Each test gets its own directory under the OS temp dir; teardown destroys the store and removes it.
function setup(options: Omit<FileBackendOptions, "path">) {
  return () => {
    const dir = mkdtempSync(join(tmpdir(), "jobstore-file-conformance-"));
    const path = join(dir, "store");
    return {
      open: () => createFileBackend({ ...options, path }),
      teardown: async () => {
        await createJobStore(createFileBackend({ ...options, path })).destroy();
        await rm(dir, { recursive: true, force: true });
      },
      // As an operator or a disk fault might: the config record is garbage and the jobs are gone.
      corrupt: async () => {
        await writeFile(join(path, "shared", "config.json"), "not a record");
        await rm(join(path, "jobs"), { recursive: true, force: true });
      },
    };
  };
}

// Property runs are lowered (the model commands are the same as on memory) to keep the package under a minute.
describeJobStoreConformance({ name: "file", propertyRuns: 20, setup: setup({}) });

describeJobStoreConformance({
  name: "file (encrypted)",
  propertyRuns: 8,
  setup: setup({ encryptionKey: randomBytes(32) }),
});
