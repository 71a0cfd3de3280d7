import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { collect, readFileBytes, testTimeout, writeBytes } from "./support.js";

/**
 * Registers the leftover tests: a `cleanup` file whose owning job does not exist is found (kind
 * `"orphan-file"`) and removed, nothing a live job or file needs is reported, and after removal nothing
 * is left.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerLeftoverTests(options));
 * ```
 * @public
 */
export function registerLeftoverTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("leftovers", () => {
    it(
      "a store after clean writes, updates and deletes reports no leftovers",
      async () => {
        const f = await useFixture(options);
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "live" }));
        const fileId = await writeBytes(f.store, "v1", { jobId: job.jobStoreId, cleanup: true });
        await f.store.updateFileStream(fileId, (w) => void w.end("version 2"));
        await f.store.deleteFile(await writeBytes(f.store, "gone"));
        await f.store.updateJob(job);
        expect(await collect((await f.open()).findLeftovers())).toEqual([]);
      },
      timeout,
    );

    it(
      "a cleanup file whose owning job is gone is an orphan-file, found and removed; live files stay",
      async () => {
        const f = await useFixture(options);
        const live = await f.store.createJob(f.store.assignJobId({ jobName: "live" }));
        const liveFile = await writeBytes(f.store, "live", { jobId: live.jobStoreId, cleanup: true });
        const missingJob = `never-created-${randomUUID()}`;
        const kept = await writeBytes(f.store, "kept: not cleanup", { jobId: missingJob });
        const orphan = await writeBytes(f.store, "orphan", { jobId: missingJob, cleanup: true });

        const reader = await f.open();
        const found = await collect(reader.findLeftovers());
        expect(found.filter((l) => l.kind === "orphan-file")).toEqual([
          expect.objectContaining({ kind: "orphan-file", id: orphan }),
        ]);
        const ids = found.map((l) => l.id);
        expect(ids).not.toContain(liveFile);
        expect(ids).not.toContain(kept);

        await reader.removeLeftovers(found);
        await reader.removeLeftovers(found);
        expect(await collect(f.store.findLeftovers())).toEqual([]);
        expect(await f.store.fileExists(orphan)).toBe(false);
        expect((await readFileBytes(f.store, liveFile)).toString()).toBe("live");
        expect((await readFileBytes(f.store, kept)).toString()).toBe("kept: not cleanup");
        expect(await f.store.jobExists(live.jobStoreId)).toBe(true);
      },
      timeout,
    );
  });
}
