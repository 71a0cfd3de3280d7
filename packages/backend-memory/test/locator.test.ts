import { randomBytes, randomUUID } from "node:crypto";
import { createJobStore, openJobStore } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BACKEND_NAME, createMemoryBackend, memoryBackendFactory } from "../src/index.js";
import { codeOf, readAll } from "./fixture.js";

describe("openJobStore with memory: locators", () => {
  let name: string;
  beforeEach(() => {
    name = `loc-${randomUUID()}`;
  });
  afterEach(async () => {
    await createJobStore(createMemoryBackend({ name })).destroy();
  });

  it('openJobStore("memory:<name>") loads the memory backend without registering it', async () => {
    const store = await openJobStore(`memory:${name}`);
    expect(store.backendName).toBe(BACKEND_NAME);
    await store.initialize();
    expect(store.config.workflowId).toBeTypeOf("string");
  });

  it("a locator handle and a createMemoryBackend handle with the same name share one store", async () => {
    const viaLocator = await openJobStore(`memory:${name}`);
    await viaLocator.initialize();
    await viaLocator.writeSharedFileStream("hello", (w) => w.end("world"));
    const direct = createJobStore(createMemoryBackend({ name }));
    await direct.resume();
    expect(await readAll(await direct.readSharedFileStream("hello"))).toBe("world");
  });

  it("openJobStore passes encryptionKey through to the backend", async () => {
    const store = await openJobStore(`memory:${name}`, { encryptionKey: randomBytes(32) });
    expect(store.capabilities.encryption).toBe(true);
  });

  it.each(["memory:", "memory:a/b", "memory:a b", "memory:x:y", "memory:é"])(
    "openJobStore(%j) rejects with JOBSTORE_INVALID_LOCATOR",
    async (locator) => {
      expect(await codeOf(openJobStore(locator))).toBe("JOBSTORE_INVALID_LOCATOR");
    },
  );
});

describe("memoryBackendFactory", () => {
  it("memoryBackendFactory with a bad store name throws JOBSTORE_INVALID_LOCATOR", () => {
    expect(() => memoryBackendFactory("bad/name", {})).toThrowError(
      expect.objectContaining({ code: "JOBSTORE_INVALID_LOCATOR" }),
    );
  });

  it("memoryBackendFactory with a non-bytes encryptionKey throws a TypeError", () => {
    expect(() => memoryBackendFactory("ok", { encryptionKey: "secret" })).toThrow(TypeError);
  });
});

describe("createMemoryBackend options", () => {
  it("a name outside [A-Za-z0-9._-] throws JOBSTORE_INVALID_NAME", () => {
    expect(() => createMemoryBackend({ name: "no spaces" })).toThrowError(
      expect.objectContaining({ code: "JOBSTORE_INVALID_NAME" }),
    );
  });

  it("an encryption key that is not 32 bytes throws a RangeError", () => {
    expect(() => createMemoryBackend({ encryptionKey: new Uint8Array(16) })).toThrow(RangeError);
  });

  it("capabilities: batch creates, file: URLs, no inlining, no multipart, no delete batching", () => {
    const backend = createMemoryBackend();
    expect(backend.capabilities).toMatchObject({
      batchCreate: true,
      encryption: false,
      publicUrls: "file",
      inlineFileLimit: 0,
      partSize: 0,
      deleteBatchSize: 1,
    });
    expect(Object.isFrozen(backend.capabilities)).toBe(true);
    expect(typeof backend.createJobs).toBe("function");
  });

  it("encryption is a capability exactly when a key is given", () => {
    expect(createMemoryBackend({ encryptionKey: randomBytes(32) }).capabilities.encryption).toBe(true);
  });
});
