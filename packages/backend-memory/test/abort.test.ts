import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { JobStore } from "@jobstore/core";
import { beforeEach, describe, expect, it } from "vitest";
import { findStore } from "../src/storage/store-registry.js";
import { codeOf, createFixture, type Fixture, readAll, strayContent, writeText } from "./fixture.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await createFixture();
  return fx.teardown;
});

function aborted(): { signal: AbortSignal } {
  return { signal: AbortSignal.abort(new Error("stop")) };
}

describe("an already-aborted signal", () => {
  const calls: [
    string,
    (s: JobStore, fx: Fixture, ids: { job: string; file: string }) => Promise<unknown>,
  ][] = [
    ["createJob", (s) => s.createJob(s.assignJobId({ n: "never" }), aborted())],
    ["updateJob", (s, _f, ids) => s.updateJob({ jobStoreId: ids.job, changed: true }, aborted())],
    ["loadJob", (s, _f, ids) => s.loadJob(ids.job, aborted())],
    ["jobExists", (s, _f, ids) => s.jobExists(ids.job, aborted())],
    ["deleteJob", (s, _f, ids) => s.deleteJob(ids.job, aborted())],
    ["batch", (s) => s.batch(async () => {}, aborted())],
    ["setRootJob", (s, _f, ids) => s.setRootJob(ids.job, aborted())],
    ["loadRootJob", (s) => s.loadRootJob(aborted())],
    ["writeFileStream", (s) => s.writeFileStream((w) => w.end("x"), aborted())],
    ["getEmptyFileStoreId", (s) => s.getEmptyFileStoreId(aborted())],
    ["readFile", (s, f, ids) => s.readFile(ids.file, join(f.dir, "out"), aborted())],
    ["readFileStream", (s, _f, ids) => s.readFileStream(ids.file, aborted())],
    ["updateFileStream", (s, _f, ids) => s.updateFileStream(ids.file, (w) => w.end("changed"), aborted())],
    ["deleteFile", (s, _f, ids) => s.deleteFile(ids.file, aborted())],
    ["fileExists", (s, _f, ids) => s.fileExists(ids.file, aborted())],
    ["getFileSize", (s, _f, ids) => s.getFileSize(ids.file, aborted())],
    ["writeSharedFileStream", (s) => s.writeSharedFileStream("s", (w) => w.end("x"), aborted())],
    ["readSharedFileStream", (s) => s.readSharedFileStream("config.json", aborted())],
    ["writeLogs", (s) => s.writeLogs("never", aborted())],
    ["readLogs", (s) => s.readLogs(() => {}, aborted())],
    ["getPublicUrl", (s, _f, ids) => s.getPublicUrl(ids.file, aborted())],
    ["getSharedPublicUrl", (s) => s.getSharedPublicUrl("config.json", aborted())],
    ["importFile", (s, f) => s.importFile(`file://${join(f.dir, "in.txt")}`, aborted())],
    ["exportFile", (s, f, ids) => s.exportFile(ids.file, `file://${join(f.dir, "out.txt")}`, aborted())],
    ["writeConfig", (s) => s.writeConfig(aborted())],
    ["destroy", (s) => s.destroy(aborted())],
  ];

  it.each(calls)("%s rejects with JOBSTORE_ABORTED and changes nothing", async (_name, call) => {
    await writeFile(join(fx.dir, "in.txt"), "input");
    const job = await fx.store.createJob(fx.store.assignJobId({ n: "kept" }));
    const file = await writeText(fx.store, "original");
    await fx.store.writeLogs("unread");
    const store = findStore(fx.name)!;
    const before = { jobs: store.jobs.size, files: store.files.size, shared: store.shared.size };

    expect(await codeOf(call(fx.store, fx, { job: job.jobStoreId, file }))).toBe("JOBSTORE_ABORTED");

    expect(findStore(fx.name)).toBe(store);
    expect({ jobs: store.jobs.size, files: store.files.size, shared: store.shared.size }).toEqual(before);
    expect((await fx.store.loadJob(job.jobStoreId)).changed).toBeUndefined();
    expect(await readAll(await fx.store.readFileStream(file))).toBe("original");
    expect(store.logs.unread).toHaveLength(1);
  });
});

describe("a signal aborted during I/O", () => {
  it("aborting during writeFileStream rejects with JOBSTORE_ABORTED and stores nothing", async () => {
    const controller = new AbortController();
    let fileId = "";
    const write = fx.store.writeFileStream(
      async (w, id) => {
        fileId = id;
        w.write("first part");
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 10));
        w.end("never committed");
      },
      { signal: controller.signal },
    );
    expect(await codeOf(write)).toBe("JOBSTORE_ABORTED");
    expect(await fx.store.fileExists(fileId)).toBe(false);
    expect(strayContent(fx.name)).toEqual([]);
  });

  it("aborting during updateFileStream keeps the previous content", async () => {
    const fileId = await writeText(fx.store, "previous");
    const controller = new AbortController();
    const update = fx.store.updateFileStream(
      fileId,
      async (w) => {
        w.write("new ");
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 10));
        w.end("content");
      },
      { signal: controller.signal },
    );
    expect(await codeOf(update)).toBe("JOBSTORE_ABORTED");
    expect(await readAll(await fx.store.readFileStream(fileId))).toBe("previous");
  });

  it("aborting while reading a stream fails the stream with an AbortError", async () => {
    const fileId = await writeText(fx.store, "y".repeat(1024 * 1024));
    const controller = new AbortController();
    const stream = await fx.store.readFileStream(fileId, { signal: controller.signal });
    controller.abort();
    await expect(readAll(stream)).rejects.toMatchObject({ name: "AbortError" });
  });
});
