import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { JobStore, ProgressCallback } from "../src/index.js";
import { openStore } from "./fixtures.js";
import { readAll } from "./stub-backend.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-core-progress-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SIZE = 300_000;

/** A recorder of progress reports, with the checks every transfer must pass. */
function recorder() {
  const reports: Array<[number, number | undefined]> = [];
  const onProgress: ProgressCallback = (done, total) => void reports.push([done, total]);
  const expectEndsAt = (size: number) => {
    expect(reports.length).toBeGreaterThan(0);
    for (let i = 1; i < reports.length; i++) {
      expect(reports[i]?.[0]).toBeGreaterThanOrEqual(reports[i - 1]?.[0] ?? 0);
    }
    expect(reports.at(-1)).toEqual([size, size]);
  };
  return { reports, onProgress, expectEndsAt };
}

async function bigFile(store: JobStore): Promise<{ fileId: string; path: string }> {
  const path = join(dir, "big.bin");
  await writeFile(path, randomBytes(SIZE));
  return { fileId: await store.writeFile(path), path };
}

describe("onProgress", () => {
  it("writeFile reports the local file's size as the total from the start, ending at it", async () => {
    const { store } = await openStore();
    const path = join(dir, "in.bin");
    await writeFile(path, randomBytes(SIZE));
    const r = recorder();
    await store.writeFile(path, { onProgress: r.onProgress });
    expect(r.reports.every(([, total]) => total === SIZE)).toBe(true);
    r.expectEndsAt(SIZE);
  });

  it("writeFileStream and updateFileStream report counted bytes, ending at the total", async () => {
    const { store } = await openStore();
    const w = recorder();
    const fileId = await store.writeFileStream((s) => void s.end(randomBytes(SIZE)), {
      onProgress: w.onProgress,
    });
    w.expectEndsAt(SIZE);
    const u = recorder();
    await store.updateFileStream(fileId, (s) => void s.end(randomBytes(10)), { onProgress: u.onProgress });
    u.expectEndsAt(10);
  });

  it("readFile, readFileStream, updateFile and exportFile end at the file's size", async () => {
    const { store } = await openStore();
    const { fileId, path } = await bigFile(store);
    const read = recorder();
    await store.readFile(fileId, join(dir, "out.bin"), { onProgress: read.onProgress });
    read.expectEndsAt(SIZE);
    const stream = recorder();
    await readAll(await store.readFileStream(fileId, { onProgress: stream.onProgress }));
    stream.expectEndsAt(SIZE);
    const update = recorder();
    await store.updateFile(fileId, path, { onProgress: update.onProgress });
    update.expectEndsAt(SIZE);
    const exported = recorder();
    await store.exportFile(fileId, pathToFileURL(join(dir, "exported.bin")), {
      onProgress: exported.onProgress,
    });
    exported.expectEndsAt(SIZE);
  });

  it("importFile reports the imported bytes", async () => {
    const { store } = await openStore();
    const path = join(dir, "src.bin");
    await writeFile(path, randomBytes(SIZE));
    const r = recorder();
    await store.importFile(pathToFileURL(path), { onProgress: r.onProgress });
    r.expectEndsAt(SIZE);
  });

  it("an empty transfer still reports once, at 0 of 0", async () => {
    const { store } = await openStore();
    const r = recorder();
    await store.writeFileStream((s) => void s.end(), { onProgress: r.onProgress });
    expect(r.reports).toEqual([[0, 0]]);
  });

  it("an onProgress that throws fails the call with its own error and stores nothing", async () => {
    const { store, backend } = await openStore();
    const boom = new Error("progress bar broke");
    await expect(
      store.writeFileStream((s) => void s.end("data"), {
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    expect(backend.state.files.size).toBe(0);
  });

  it("fast paths report the total at the end", async () => {
    const { store } = await openStore({
      overrides: {
        writeFileFromPath: async () => {},
      },
    });
    const path = join(dir, "fast.bin");
    await writeFile(path, randomBytes(1234));
    const r = recorder();
    await store.writeFile(path, { onProgress: r.onProgress });
    expect(r.reports).toEqual([[1234, 1234]]);
  });
});
