import { mkdtempSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobStore } from "@jobstore/core";
import { createFileBackend, type FileBackendOptions } from "../src/index.js";

/**
 * The conformance suite's setup for `file:`: each test gets its own directory under `root` (the OS temp
 * dir unless a test file runs the suite on another file system); teardown destroys the store and
 * removes the directory.
 */
export function fileSetup(options: Omit<FileBackendOptions, "path">, root = tmpdir()) {
  return () => {
    const dir = mkdtempSync(join(root, "jobstore-file-conformance-"));
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
