import { randomUUID } from "node:crypto";
import { createJobStore } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryBackend } from "../src/index.js";
import { findStore } from "../src/storage/store-registry.js";
import { codeOf, createFixture, type Fixture, readAll } from "./fixture.js";

describe("initialize and resume", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await createFixture();
    return fx.teardown;
  });

  it("initialize assigns a workflowId and persists the config for resume", async () => {
    const other = fx.handle();
    await other.resume();
    expect(other.config.workflowId).toBe(fx.store.config.workflowId);
    expect(fx.store.config.workflowId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("initialize on an existing store rejects with JOBSTORE_EXISTS", async () => {
    expect(await codeOf(fx.handle().initialize())).toBe("JOBSTORE_EXISTS");
  });

  it("writeConfig persists config changes for the next resume", async () => {
    fx.store.config.engine = "toil";
    await fx.store.writeConfig();
    const other = fx.handle();
    await other.resume();
    expect(other.config.engine).toBe("toil");
  });

  it("a second handle on the same name sees what the first wrote", async () => {
    const job = await fx.store.createJob(fx.store.assignJobId({ jobName: "shared" }));
    const other = fx.handle();
    await other.resume();
    expect((await other.loadJob(job.jobStoreId)).jobName).toBe("shared");
  });

  it("calls before initialize or resume reject with JOBSTORE_NOT_OPEN", async () => {
    const other = fx.handle();
    expect(await codeOf(other.jobExists("x"))).toBe("JOBSTORE_NOT_OPEN");
    expect(() => other.config).toThrowError(expect.objectContaining({ code: "JOBSTORE_NOT_OPEN" }));
  });
});

describe("resume on a missing store", () => {
  it("resume on a never-created name rejects with JOBSTORE_NO_SUCH_STORE", async () => {
    const store = createJobStore(createMemoryBackend({ name: `missing-${randomUUID()}` }));
    expect(await codeOf(store.resume())).toBe("JOBSTORE_NO_SUCH_STORE");
  });

  it("a backend without a name gets a private store of its own", async () => {
    const a = createJobStore(createMemoryBackend());
    const b = createJobStore(createMemoryBackend());
    await a.initialize();
    expect(await codeOf(b.resume())).toBe("JOBSTORE_NO_SUCH_STORE");
    await a.destroy();
  });
});

describe("destroy", () => {
  let name: string;
  beforeEach(() => {
    name = `destroy-${randomUUID()}`;
  });
  afterEach(async () => {
    await createJobStore(createMemoryBackend({ name })).destroy();
  });

  it("destroy on a never-created store resolves", async () => {
    await expect(createJobStore(createMemoryBackend({ name })).destroy()).resolves.toBeUndefined();
  });

  it("destroy twice resolves both times and the store is gone", async () => {
    const store = createJobStore(createMemoryBackend({ name }));
    await store.initialize();
    await store.destroy();
    await store.destroy();
    expect(await codeOf(createJobStore(createMemoryBackend({ name })).resume())).toBe(
      "JOBSTORE_NO_SUCH_STORE",
    );
  });

  it("initialize after destroy makes a fresh, empty store", async () => {
    const store = createJobStore(createMemoryBackend({ name }));
    await store.initialize();
    const job = await store.createJob(store.assignJobId({}));
    await store.destroy();
    const again = createJobStore(createMemoryBackend({ name }));
    await again.initialize();
    expect(await again.jobExists(job.jobStoreId)).toBe(false);
  });

  it("a handle whose store another handle destroyed rejects with JOBSTORE_NO_SUCH_STORE", async () => {
    const a = createJobStore(createMemoryBackend({ name }));
    await a.initialize();
    await createJobStore(createMemoryBackend({ name })).destroy();
    expect(await codeOf(a.jobExists("x"))).toBe("JOBSTORE_NO_SUCH_STORE");
  });

  it("a write streaming while the store is destroyed does not land in the store re-created under its name", async () => {
    const a = createJobStore(createMemoryBackend({ name }));
    await a.initialize();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const write = a.writeFileStream(async (w) => {
      w.write("old store");
      await gate;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const b = createJobStore(createMemoryBackend({ name }));
    await b.destroy();
    await b.initialize();
    release();
    expect(await codeOf(write)).toBe("JOBSTORE_NO_SUCH_STORE");
    expect(findStore(name)?.files.size).toBe(0);
  });
});

describe("close", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await createFixture();
    return fx.teardown;
  });

  it("calls after close reject with JOBSTORE_CLOSED", async () => {
    await fx.store.close();
    expect(await codeOf(fx.store.jobExists("x"))).toBe("JOBSTORE_CLOSED");
    expect(await codeOf(fx.store.writeLogs("x"))).toBe("JOBSTORE_CLOSED");
    expect(await codeOf(fx.store.destroy())).toBe("JOBSTORE_CLOSED");
  });

  it("close ends only its handle: the store outlives it until destroy", async () => {
    const fileId = await fx.store.writeFileStream((w) => {
      w.end("kept");
    });
    await fx.store.close();
    const other = fx.handle();
    await other.resume();
    expect(await readAll(await other.readFileStream(fileId))).toBe("kept");
  });

  it("Symbol.asyncDispose closes the handle", async () => {
    await fx.store[Symbol.asyncDispose]();
    expect(await codeOf(fx.store.jobExists("x"))).toBe("JOBSTORE_CLOSED");
  });
});
