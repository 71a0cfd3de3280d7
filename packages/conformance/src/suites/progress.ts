import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ProgressCallback } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { collect, randomData, readAll, testTimeout, writeChunks } from "./support.js";

/** Several stream chunks' worth, not a round number. */
const SIZE = 3 * 64 * 1024 + 17;

/** Records a transfer's progress reports. */
function recorder() {
  const reports: Array<[number, number | undefined]> = [];
  const onProgress: ProgressCallback = (done, total) => void reports.push([done, total]);
  return { reports, onProgress };
}

/** Asserts reports came, never went down, and ended at `size` of `size`. */
function expectProgress(reports: Array<[number, number | undefined]>, size: number, what: string): void {
  expect(reports.length, `${what}: onProgress was called`).toBeGreaterThan(0);
  for (let i = 1; i < reports.length; i++) {
    expect(reports[i]?.[0], `${what}: bytesDone never decreases`).toBeGreaterThanOrEqual(
      reports[i - 1]?.[0] ?? 0,
    );
  }
  expect(reports.at(-1), `${what}: the last report is the total`).toEqual([size, size]);
}

/**
 * Registers the `onProgress` tests: every transfer (writes from a path and a stream, reads to a path
 * and a stream, updates, import, export) reports monotonic progress ending at the total.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerProgressTests(options));
 * ```
 * @public
 */
export function registerProgressTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("transfer progress", () => {
    it(
      "writeFile knows the total from the start; writeFileStream ends at what was written",
      async () => {
        const f = await useFixture(options);
        const path = join(f.tempDir, "in.bin");
        await writeFile(path, randomData(SIZE));
        const fromPath = recorder();
        await f.store.writeFile(path, { onProgress: fromPath.onProgress });
        expectProgress(fromPath.reports, SIZE, "writeFile");
        expect(
          fromPath.reports.every(([, total]) => total === SIZE),
          "writeFile: total known",
        ).toBe(true);
        const fromStream = recorder();
        const data = randomData(SIZE);
        await f.store.writeFileStream((w) => writeChunks(w, data), { onProgress: fromStream.onProgress });
        expectProgress(fromStream.reports, SIZE, "writeFileStream");
      },
      timeout,
    );

    it(
      "readFile, readFileStream, updateFile, updateFileStream and exportFile end at the file's size",
      async () => {
        const f = await useFixture(options);
        const path = join(f.tempDir, "in.bin");
        await writeFile(path, randomData(SIZE));
        const fileId = await f.store.writeFile(path);
        const reader = await f.open();

        const read = recorder();
        await reader.readFile(fileId, join(f.tempDir, "out.bin"), { onProgress: read.onProgress });
        expectProgress(read.reports, SIZE, "readFile");
        const stream = recorder();
        await readAll(await reader.readFileStream(fileId, { onProgress: stream.onProgress }));
        expectProgress(stream.reports, SIZE, "readFileStream");
        const exported = recorder();
        const target = pathToFileURL(join(f.tempDir, "exported.bin"));
        await reader.exportFile(fileId, target, { onProgress: exported.onProgress });
        expectProgress(exported.reports, SIZE, "exportFile");

        const update = recorder();
        await f.store.updateFile(fileId, path, { onProgress: update.onProgress });
        expectProgress(update.reports, SIZE, "updateFile");
        const updateStream = recorder();
        await f.store.updateFileStream(fileId, (w) => void w.end("short"), {
          onProgress: updateStream.onProgress,
        });
        expectProgress(updateStream.reports, 5, "updateFileStream");
      },
      timeout,
    );

    it(
      "importFile from a file: URL ends at the source's size",
      async () => {
        const f = await useFixture(options);
        const path = join(f.tempDir, "source.bin");
        await writeFile(path, randomData(SIZE));
        const imported = recorder();
        const fileId = await f.store.importFile(pathToFileURL(path), { onProgress: imported.onProgress });
        expectProgress(imported.reports, SIZE, "importFile");
        expect(await f.store.getFileSize(fileId as string)).toBe(SIZE);
      },
      timeout,
    );

    it(
      "an onProgress that throws fails the write with its error, and no file is left",
      async () => {
        const f = await useFixture(options);
        const boom = new Error("progress display failed");
        const before = (await collect(f.store.listFiles())).length;
        await expect(
          f.store.writeFileStream((w) => writeChunks(w, randomData(SIZE)), {
            onProgress: () => {
              throw boom;
            },
          }),
        ).rejects.toBe(boom);
        expect((await collect((await f.open()).listFiles())).length).toBe(before);
      },
      timeout,
    );
  });
}
