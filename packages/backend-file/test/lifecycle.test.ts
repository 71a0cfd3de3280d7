import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { createJobStore, openJobStore } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { createFileBackend, fileBackendFactory } from "../src/index.js";
import { codeOf, freshStore, handle, scratchDir } from "./fixture.js";

describe("the file: locator", () => {
  it("openJobStore finds the registered file: scheme and resolves a relative path against the cwd", async () => {
    const dir = await scratchDir();
    const store = await openJobStore(`file:${relative(process.cwd(), join(dir, "rel"))}`);
    await store.initialize();
    expect(store.backendName).toBe("file");
    expect((await stat(join(dir, "rel", "jobstore.json"))).isFile()).toBe(true);
    await store.destroy();
    await store.close();
  });

  it("file:///absolute works like file:/absolute", async () => {
    const dir = await scratchDir();
    const store = createJobStore(fileBackendFactory(`//${join(dir, "abs")}`));
    await store.initialize();
    expect((await stat(join(dir, "abs", "jobstore.json"))).isFile()).toBe(true);
    await store.close();
  });

  it("a path with a NUL byte is JOBSTORE_INVALID_LOCATOR", async () => {
    expect(await codeOf(Promise.resolve().then(() => fileBackendFactory("a\0b")))).toBe(
      "JOBSTORE_INVALID_LOCATOR",
    );
  });

  it("a path that is a regular file is JOBSTORE_INVALID_LOCATOR for initialize, resume and destroy", async () => {
    const dir = await scratchDir();
    const file = join(dir, "plain.txt");
    await writeFile(file, "not a directory");
    expect(await codeOf(handle(file).initialize())).toBe("JOBSTORE_INVALID_LOCATOR");
    expect(await codeOf(handle(file).resume())).toBe("JOBSTORE_INVALID_LOCATOR");
    expect(await codeOf(handle(file).destroy())).toBe("JOBSTORE_INVALID_LOCATOR");
    expect((await stat(file)).isFile()).toBe(true);
  });

  it("a path inside another store is JOBSTORE_INVALID_LOCATOR and creates nothing there", async () => {
    const { path } = await freshStore();
    expect(await codeOf(handle(join(path, "jobs", "nested")).initialize())).toBe("JOBSTORE_INVALID_LOCATOR");
    expect(await readdir(join(path, "jobs"))).toEqual([]);
  });
});

describe("initialize, resume, destroy", () => {
  it("initialize on a non-empty directory that is not a store is JOBSTORE_EXISTS and leaves it alone", async () => {
    const dir = await scratchDir();
    await writeFile(join(dir, "precious.txt"), "keep me");
    expect(await codeOf(handle(dir).initialize())).toBe("JOBSTORE_EXISTS");
    expect(await readdir(dir)).toEqual(["precious.txt"]);
  });

  it("initialize on an empty existing directory makes the store there", async () => {
    const dir = await scratchDir();
    await mkdir(join(dir, "empty"));
    await handle(join(dir, "empty")).initialize();
    expect(await readdir(join(dir, "empty"))).toContain("jobstore.json");
  });

  it("two racing initializers: exactly one succeeds, the other gets JOBSTORE_EXISTS", async () => {
    const dir = await scratchDir();
    const path = join(dir, "raced");
    const results = await Promise.all([codeOf(handle(path).initialize()), codeOf(handle(path).initialize())]);
    expect(results.sort()).toEqual(["JOBSTORE_EXISTS", undefined].sort());
  });

  it("resume of a missing directory, or of a directory that is not a store, is JOBSTORE_NO_SUCH_STORE", async () => {
    const dir = await scratchDir();
    expect(await codeOf(handle(join(dir, "missing")).resume())).toBe("JOBSTORE_NO_SUCH_STORE");
    expect(await codeOf(handle(dir).resume())).toBe("JOBSTORE_NO_SUCH_STORE");
  });

  it("destroy removes the directory, is idempotent, and refuses a directory that is not a store", async () => {
    const { store, path, dir } = await freshStore();
    await store.writeFileStream((w) => w.end("x"));
    await store.destroy();
    expect(await readdir(dir)).toEqual([]);
    await store.destroy();
    await writeFile(join(dir, "precious.txt"), "keep me");
    expect(await codeOf(handle(dir).destroy())).toBe("JOBSTORE_INVALID_LOCATOR");
    expect(await readdir(dir)).toEqual(["precious.txt"]);
    expect(path).toBe(join(dir, "store"));
  });

  it("destroy removes a half-made store (layout directories, no marker)", async () => {
    const dir = await scratchDir();
    const path = join(dir, "half");
    await mkdir(join(path, "jobs"), { recursive: true });
    await mkdir(join(path, "tmp"));
    await createJobStore(createFileBackend({ path })).destroy();
    expect(await readdir(dir)).toEqual([]);
  });

  it("a handle on a destroyed store gets JOBSTORE_NO_SUCH_STORE when it writes", async () => {
    const { store, path } = await freshStore();
    await handle(path).destroy();
    expect(await codeOf(store.writeFileStream((w) => w.end("x")))).toBe("JOBSTORE_NO_SUCH_STORE");
  });
});

describe("system calls on the thread pool", () => {
  it("io: threadpool through the locator stores and reads back the same", async () => {
    const dir = await scratchDir();
    const store = await openJobStore(`file:${join(dir, "pool")}`, { io: "threadpool" });
    await store.initialize();
    const job = await store.createJob(store.assignJobId({ jobName: "pooled" }));
    const fileId = await store.writeFileStream((w) => w.end("pooled bytes"));
    await store.updateFileStream(fileId, (w) => w.end("pooled again"));
    expect((await store.loadJob(job.jobStoreId)).jobName).toBe("pooled");
    let text = "";
    for await (const chunk of await store.readFileStream(fileId)) text += String(chunk);
    expect(text).toBe("pooled again");
    await store.destroy();
    await store.close();
  });

  it("an unknown io value is a TypeError", () => {
    expect(() => fileBackendFactory("/tmp/x", { io: "fast" })).toThrow(TypeError);
  });
});

describe("the event loop", () => {
  it("a caller's tight loop of calls still lets timers run (direct system calls yield every 10 ms)", async () => {
    const { store } = await freshStore();
    const fileId = await store.writeFileStream((w) => w.end("x"));
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 1);
    const started = performance.now();
    let calls = 0;
    // Without yielding, this loop would end (after 2 s) before the timer could fire.
    while (!fired && performance.now() - started < 2000) {
      await store.fileExists(fileId);
      calls++;
    }
    expect(fired).toBe(true);
    expect(calls).toBeGreaterThan(0);
  });
});
