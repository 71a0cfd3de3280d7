import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, onTestFinished } from "vitest";

/** The file systems `scripts/test-filesystems start` mounts (as root) beside the plain temp directory. */
export type TestFileSystem = "FUSE" | "BTRFS" | "XFS" | "EXFAT";

const WHAT: Record<TestFileSystem, string> = {
  FUSE: "a FUSE passthrough mount (bindfs)",
  BTRFS: "a loop-mounted btrfs image",
  XFS: "a loop-mounted xfs image (reflink=1)",
  EXFAT: "a loop-mounted exFAT image (no hard links)",
};

/** A writable directory on `name`, from `JOBSTORE_TEST_FS_<NAME>`; `undefined` when the run has none. */
export function fileSystemDir(name: TestFileSystem): string | undefined {
  return process.env[`JOBSTORE_TEST_FS_${name}`] || undefined;
}

/** Why tests on `name` are skipped: the reason the script recorded, or that it was not run. */
export function skipReason(name: TestFileSystem): string {
  const recorded = process.env[`JOBSTORE_TEST_FS_${name}_SKIPPED`];
  return (
    `tests on ${WHAT[name]} skipped: ${recorded ?? `JOBSTORE_TEST_FS_${name} is not set`}. ` +
    "Run `npm test` as root, or `sudo scripts/test-filesystems start` and `source .test-filesystems/env` before vitest."
  );
}

/**
 * `describe` on one file system: skipped, with the reason printed and in the title, when the run has
 * no such mount; `body` gets the mount's directory.
 */
export function describeOn(name: TestFileSystem, title: string, body: (dir: string) => void): void {
  const dir = fileSystemDir(name);
  if (dir === undefined) {
    const reason = skipReason(name);
    console.warn(reason);
    describe.skip(`${title} (${reason})`, () => body(""));
    return;
  }
  describe(title, () => body(dir));
}

/** A fresh scratch directory under `root` for one test, removed after it. */
export async function scratchDirOn(root: string): Promise<string> {
  const dir = await mkdtemp(join(root, "jobstore-file-test-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
