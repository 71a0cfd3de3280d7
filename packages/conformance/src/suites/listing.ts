import { chmod, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FileInfo, JobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { collect, randomData, testTimeout, writeBytes } from "./support.js";

/** The files `listFiles` reports, by ID, asserting none comes twice. */
async function filesById(store: JobStore): Promise<Map<string, FileInfo>> {
  const files = await collect(store.listFiles());
  const byId = new Map(files.map((file) => [file.fileId, file]));
  expect(byId.size, "listFiles never yields a file twice").toBe(files.length);
  return byId;
}

/**
 * Registers the listing tests: `listFiles` with each file's metadata (owner job, cleanup flag, size,
 * basename, executable bit), `listSharedFiles` (with `config.json`), `listLogs` with read states (marking
 * nothing), and `writeLogs` with `read: true`; always read through a second handle.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerListingTests(options));
 * ```
 * @public
 */
export function registerListingTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("listing", () => {
    it(
      "listFiles reports every file once, with owner job, cleanup flag, size, basename and executable bit",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "lister" }));
        const owned = await writeBytes(f.store, randomData(1500), { jobId: job.jobStoreId, cleanup: true });
        const kept = await writeBytes(f.store, "kept", { jobId: job.jobStoreId });
        const loose = await f.store.getEmptyFileStoreId();
        const script = join(f.tempDir, "run.sh");
        await writeFile(script, "#!/bin/sh\necho hi\n");
        await chmod(script, 0o755);
        const executable = await f.store.writeFile(script);

        const files = await filesById(await f.open());
        expect(files.size).toBe(4);
        expect(files.get(owned)).toMatchObject({ jobId: job.jobStoreId, cleanup: true, size: 1500 });
        expect(files.get(kept)).toMatchObject({ jobId: job.jobStoreId, cleanup: false, size: 4 });
        expect(files.get(loose)).toMatchObject({ cleanup: false, size: 0, executable: false });
        expect(files.get(loose)?.jobId).toBeUndefined();
        expect(files.get(executable)).toMatchObject({ executable: true, size: 18 });
        const basename = files.get(executable)?.basename;
        if (basename !== undefined) expect(basename).toBe("run.sh");
        expect(files.get(owned)?.executable).toBe(false);
      },
      timeout,
    );

    it(
      "listFiles follows updates and deletions",
      async () => {
        const f = await useFixture(options);
        const grown = await writeBytes(f.store, "a");
        const gone = await writeBytes(f.store, "b");
        await f.store.updateFileStream(grown, (w) => void w.end("abcdef"));
        await f.store.deleteFile(gone);
        const files = await filesById(await f.open());
        expect([...files.keys()]).toEqual([grown]);
        expect(files.get(grown)?.size).toBe(6);
      },
      timeout,
    );

    it(
      "listSharedFiles reports config.json and every shared file once, with its size",
      async () => {
        const f = await useFixture(options);
        await f.store.writeSharedFileStream("notes.txt", (w) => void w.end("twelve bytes"));
        const shared = await collect((await f.open()).listSharedFiles());
        const names = shared.map((s) => s.name).sort();
        expect(names).toEqual(["config.json", "notes.txt"]);
        expect(shared.find((s) => s.name === "notes.txt")?.size).toBe(12);
        expect(shared.find((s) => s.name === "config.json")?.encrypted).toBe(false);
      },
      timeout,
    );

    it(
      "listLogs reports every message with its read state and marks nothing read",
      async () => {
        const f = await useFixture(options);
        await f.store.writeLogs("first");
        expect(await f.store.readLogs(() => {})).toBe(1);
        await f.store.writeLogs("second");
        const reader = await f.open();
        for (let pass = 0; pass < 2; pass++) {
          const entries = await collect(reader.listLogs());
          expect(entries.map((e) => [e.message.toString(), e.read]).sort()).toEqual([
            ["first", true],
            ["second", false],
          ]);
        }
        const delivered: string[] = [];
        expect(await reader.readLogs((m) => void delivered.push(m.toString()))).toBe(1);
        expect(delivered).toEqual(["second"]);
      },
      timeout,
    );

    it(
      "writeLogs with read: true stores a message readAll delivers but readLogs does not",
      async () => {
        const f = await useFixture(options);
        await f.store.writeLogs("copied", { read: true });
        await f.store.writeLogs("fresh");
        const reader = await f.open();
        const unread: string[] = [];
        expect(await reader.readLogs((m) => void unread.push(m.toString()))).toBe(1);
        expect(unread).toEqual(["fresh"]);
        const all: string[] = [];
        expect(await reader.readLogs((m) => void all.push(m.toString()), { readAll: true })).toBe(2);
        expect(all.sort()).toEqual(["copied", "fresh"]);
      },
      timeout,
    );
  });
}
