import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { findStore } from "../src/storage/store-registry.js";
import { codeOf, createFixture, type Fixture, readAll } from "./fixture.js";

function writeShared(fx: Fixture, name: string, text: string, encrypted?: boolean) {
  return fx.store.writeSharedFileStream(
    name,
    (w) => {
      w.end(text);
    },
    encrypted === undefined ? {} : { encrypted },
  );
}

/** The raw bytes a shared file occupies in the volume, to check what is really stored. */
function storedBytes(fx: Fixture, name: string): Buffer {
  const store = findStore(fx.name)!;
  return store.fs.readFileSync(store.shared.get(name)!.path) as Buffer;
}

describe("shared files", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await createFixture();
    return fx.teardown;
  });

  it("a shared file written on one handle reads back on another", async () => {
    await writeShared(fx, "foo", "bar");
    const other = fx.handle();
    await other.resume();
    expect(await readAll(await other.readSharedFileStream("foo"))).toBe("bar");
  });

  it("writing a shared file again replaces it whole", async () => {
    await writeShared(fx, "foo", "a long first version");
    await writeShared(fx, "foo", "short");
    expect(await readAll(await fx.store.readSharedFileStream("foo"))).toBe("short");
  });

  it("a shared write whose callback rejects keeps the previous content", async () => {
    const failure = new Error("the callback failed");
    await writeShared(fx, "foo", "before");
    await expect(
      fx.store.writeSharedFileStream("foo", async (w) => {
        w.write("partial");
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await readAll(await fx.store.readSharedFileStream("foo"))).toBe("before");
  });

  it("readSharedFileStream of a missing name rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(fx.store.readSharedFileStream("missing"))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("a shared file name outside [a-zA-Z0-9._-] rejects with JOBSTORE_INVALID_NAME", async () => {
    expect(await codeOf(writeShared(fx, "bad/name", "x"))).toBe("JOBSTORE_INVALID_NAME");
    expect(await codeOf(fx.store.readSharedFileStream("bad name"))).toBe("JOBSTORE_INVALID_NAME");
  });

  it("encrypted: true without a key rejects with JOBSTORE_ENCRYPTION", async () => {
    expect(await codeOf(writeShared(fx, "secret", "x", true))).toBe("JOBSTORE_ENCRYPTION");
  });

  it("without a key, shared files are stored in the clear", async () => {
    await writeShared(fx, "plain", "visible text");
    expect(storedBytes(fx, "plain").toString("utf8")).toBe("visible text");
  });
});

describe("encrypted shared files", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await createFixture({ encrypted: true });
    return fx.teardown;
  });

  it("with a key, a shared file is encrypted by default and reads back as plaintext", async () => {
    expect(fx.store.capabilities.encryption).toBe(true);
    await writeShared(fx, "secret", "the plaintext");
    expect(storedBytes(fx, "secret").includes("the plaintext")).toBe(false);
    expect(await readAll(await fx.store.readSharedFileStream("secret"))).toBe("the plaintext");
  });

  it("encrypted: false stores in the clear even with a key", async () => {
    await writeShared(fx, "open", "in the clear", false);
    expect(storedBytes(fx, "open").toString("utf8")).toBe("in the clear");
  });

  it("an empty encrypted shared file reads back as empty", async () => {
    await writeShared(fx, "empty", "", true);
    expect(await readAll(await fx.store.readSharedFileStream("empty"))).toBe("");
  });

  it("a handle without the key reading an encrypted shared file rejects with JOBSTORE_ENCRYPTION", async () => {
    await writeShared(fx, "secret", "x", true);
    const keyless = fx.handle({});
    await keyless.resume();
    expect(await codeOf(keyless.readSharedFileStream("secret"))).toBe("JOBSTORE_ENCRYPTION");
  });

  it("a handle with a different key fails the read stream with JOBSTORE_ENCRYPTION", async () => {
    await writeShared(fx, "secret", "x".repeat(100), true);
    const wrong = fx.handle({ encryptionKey: randomBytes(32) });
    await wrong.resume();
    expect(await codeOf(readAll(await wrong.readSharedFileStream("secret")))).toBe("JOBSTORE_ENCRYPTION");
  });

  it("with a key, job file contents are encrypted at rest too", async () => {
    const fileId = await fx.store.writeFileStream((w) => {
      w.end("job data");
    });
    const store = findStore(fx.name)!;
    const raw = store.fs.readFileSync(store.files.get(fileId)!.path) as Buffer;
    expect(raw.includes("job data")).toBe(false);
    expect(await readAll(await fx.store.readFileStream(fileId))).toBe("job data");
    expect(await fx.store.getFileSize(fileId)).toBe(8);
  });

  it("config.json stays unencrypted so a keyless handle can resume", async () => {
    const keyless = fx.handle({});
    await keyless.resume();
    expect(keyless.config.workflowId).toBe(fx.store.config.workflowId);
  });
});
