import { describe, expect, it } from "vitest";
import { createJobStore } from "../src/index.js";
import { expectCode, METHOD_CASES, openStore } from "./fixtures.js";
import { createStubBackend, createStubState, readAll } from "./stub-backend.js";

describe("calls before initialize/resume", () => {
  it.each(METHOD_CASES.filter((m) => m.needsOpen))(
    "$name rejects with JOBSTORE_NOT_OPEN without I/O",
    async (m) => {
      const { store, backend } = await openStore({ open: false });
      await expectCode(m.call(store, {}), "JOBSTORE_NOT_OPEN");
      expect(backend.totalCalls()).toBe(0);
    },
  );

  it("destroy works on a never-opened handle", async () => {
    const { store, backend } = await openStore({ open: false });
    await store.destroy();
    expect(backend.calls.get("destroy")).toBe(1);
  });
});

describe("calls after close", () => {
  it.each(METHOD_CASES)("$name rejects with JOBSTORE_CLOSED without I/O", async (m) => {
    const { store, backend } = await openStore();
    await store.close();
    const before = backend.totalCalls();
    await expectCode(m.call(store, {}), "JOBSTORE_CLOSED");
    expect(backend.totalCalls()).toBe(before);
  });

  it("close is idempotent and closes the backend once", async () => {
    const { store, backend } = await openStore();
    await store.close();
    await store.close();
    expect(backend.calls.get("close")).toBe(1);
  });

  it("Symbol.asyncDispose closes the store", async () => {
    const { store } = await openStore();
    await store[Symbol.asyncDispose]();
    await expectCode(store.loadJob("x"), "JOBSTORE_CLOSED");
  });

  it("close during initialize rejects it with JOBSTORE_CLOSED and leaves the store closed", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { store } = await openStore({ open: false, overrides: { create: () => gate } });
    const initializing = store.initialize();
    await store.close();
    release();
    await expectCode(initializing, "JOBSTORE_CLOSED");
    await expectCode(store.loadJob("x"), "JOBSTORE_CLOSED");
  });

  it("close during resume rejects it with JOBSTORE_CLOSED and leaves the store closed", async () => {
    const state = createStubState();
    await createJobStore(createStubBackend({ state })).initialize();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { store } = await openStore({ open: false, state, overrides: { open: () => gate } });
    const resuming = store.resume();
    await store.close();
    release();
    await expectCode(resuming, "JOBSTORE_CLOSED");
    await expectCode(store.loadJob("x"), "JOBSTORE_CLOSED");
  });
});

describe("config", () => {
  it("config before initialize throws JOBSTORE_NOT_OPEN", async () => {
    const { store } = await openStore({ open: false });
    await expectCode(() => store.config, "JOBSTORE_NOT_OPEN");
  });

  it("config after initialize holds the given fields and a fresh UUID workflowId", async () => {
    const { store } = await openStore({ open: false });
    await store.initialize({ retries: 3 });
    expect(store.config.retries).toBe(3);
    expect(store.config.workflowId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("two initialized stores get different workflowIds", async () => {
    const a = await openStore();
    const b = await openStore();
    expect(a.store.config.workflowId).not.toBe(b.store.config.workflowId);
  });

  it("config after close throws JOBSTORE_CLOSED", async () => {
    const { store } = await openStore();
    await store.close();
    await expectCode(() => store.config, "JOBSTORE_CLOSED");
  });

  it("config after destroy throws JOBSTORE_NOT_OPEN", async () => {
    const { store } = await openStore();
    await store.destroy();
    await expectCode(() => store.config, "JOBSTORE_NOT_OPEN");
  });

  it("initialize writes config.json unencrypted even when a key is configured", async () => {
    const { store, backend } = await openStore({ open: false, capabilities: { encryption: true } });
    await store.initialize({ answer: 42 });
    const saved = backend.state.shared.get("config.json");
    expect(saved?.encrypted).toBe(false);
    expect(JSON.parse(saved?.data.toString("utf8") ?? "null")).toEqual(store.config);
  });

  it("resume on a second handle reads the config initialize wrote", async () => {
    const first = await openStore({ open: false });
    await first.store.initialize({ answer: 42 });
    const second = createJobStore(createStubBackend({ state: first.backend.state }));
    await second.resume();
    expect(second.config).toEqual(first.store.config);
  });

  it("writeConfig persists changes made to config", async () => {
    const { store, backend } = await openStore();
    store.config.extra = "changed";
    await store.writeConfig();
    const resumed = createJobStore(createStubBackend({ state: backend.state }));
    await resumed.resume();
    expect(resumed.config.extra).toBe("changed");
  });

  it("initialize on existing storage rejects with JOBSTORE_EXISTS", async () => {
    const first = await openStore();
    const second = createJobStore(createStubBackend({ state: first.backend.state }));
    await expectCode(second.initialize(), "JOBSTORE_EXISTS");
  });

  it("initialize twice on one handle rejects with JOBSTORE_EXISTS", async () => {
    const { store } = await openStore();
    await expectCode(store.initialize(), "JOBSTORE_EXISTS");
  });

  it("resume on missing storage rejects with JOBSTORE_NO_SUCH_STORE", async () => {
    const { store } = await openStore({ open: false });
    await expectCode(store.resume(), "JOBSTORE_NO_SUCH_STORE");
  });

  it("resume on storage without config.json rejects with JOBSTORE_NO_SUCH_STORE", async () => {
    const state = createStubState();
    state.created = true;
    const store = createJobStore(createStubBackend({ state }));
    await expectCode(store.resume(), "JOBSTORE_NO_SUCH_STORE");
  });

  it("resume on a corrupt config.json rejects with a non-retryable JOBSTORE_UNAVAILABLE", async () => {
    const state = createStubState();
    state.created = true;
    state.shared.set("config.json", { data: Buffer.from("{not json"), encrypted: false });
    const store = createJobStore(createStubBackend({ state }));
    const err = await expectCode(store.resume(), "JOBSTORE_UNAVAILABLE");
    expect(err.retryable).toBe(false);
  });

  it("resume on a config.json without workflowId rejects with JOBSTORE_UNAVAILABLE", async () => {
    const state = createStubState();
    state.created = true;
    state.shared.set("config.json", { data: Buffer.from("{}"), encrypted: false });
    const store = createJobStore(createStubBackend({ state }));
    await expectCode(store.resume(), "JOBSTORE_UNAVAILABLE");
  });

  it("initialize after destroy creates a new workflow", async () => {
    const { store } = await openStore();
    const before = store.config.workflowId;
    await store.destroy();
    await store.initialize();
    expect(store.config.workflowId).not.toBe(before);
    expect((await readAll(await store.readSharedFileStream("config.json"))).length).toBeGreaterThan(0);
  });

  it("a failed initialize leaves the handle not open", async () => {
    const { store } = await openStore({
      open: false,
      overrides: {
        writeSharedFile: async () => {
          throw new Error("disk full");
        },
      },
    });
    await expectCode(store.initialize(), "JOBSTORE_UNAVAILABLE");
    await expectCode(store.loadJob("x"), "JOBSTORE_NOT_OPEN");
  });
});
