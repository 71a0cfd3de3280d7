import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openJobStore } from "@jobstore/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT_CODES } from "../src/exit-codes.js";
import { memoryLocator, readAll, readShared, run } from "./harness.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-cli-key-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function encryptedStore(locator: string, key: Uint8Array): Promise<string> {
  const store = await openJobStore(locator, { encryptionKey: key });
  await store.initialize();
  const fileId = await store.writeFileStream((w) => w.end("secret text\n"));
  await store.writeSharedFileStream("secret.json", (w) => w.end('{"s":1}'), { encrypted: true });
  await store.close();
  return fileId;
}

describe("encrypted stores", () => {
  it("cat reads encrypted content with --key-file (raw or hex) and fails without it", async () => {
    const key = randomBytes(32);
    const store = memoryLocator();
    const fileId = await encryptedStore(store, key);
    await writeFile(join(dir, "raw.key"), key);
    await writeFile(join(dir, "hex.key"), `${key.toString("hex")}\n`);
    for (const keyFile of ["raw.key", "hex.key"]) {
      const { code, stdout } = await run(["cat", "-s", store, "--key-file", join(dir, keyFile), fileId]);
      expect(code, keyFile).toBe(EXIT_CODES.OK);
      expect(stdout).toBe("secret text\n");
    }
    const without = await run(["cat", "-s", store, fileId]);
    expect(without.code).toBe(EXIT_CODES.FAILURE);
    expect(without.stdout).toBe("");
  });

  it("exits 2 naming a key file that is missing or holds no key", async () => {
    const store = memoryLocator();
    await encryptedStore(store, randomBytes(32));
    await writeFile(join(dir, "bad.key"), "not a key");
    for (const keyFile of [join(dir, "bad.key"), join(dir, "missing.key")]) {
      const { code, stderr } = await run(["status", "-s", store, "--key-file", keyFile]);
      expect(code, keyFile).toBe(EXIT_CODES.USAGE);
      expect(stderr).toContain(keyFile);
    }
  });

  it("copy re-encrypts under the destination's key; encrypted shared files stay encrypted", async () => {
    const [fromKey, toKey] = [randomBytes(32), randomBytes(32)];
    const [from, to] = [memoryLocator(), memoryLocator()];
    const fileId = await encryptedStore(from, fromKey);
    await writeFile(join(dir, "from.key"), fromKey);
    await writeFile(join(dir, "to.key"), toKey);
    const args = [
      "copy",
      from,
      to,
      "--from-key-file",
      join(dir, "from.key"),
      "--to-key-file",
      join(dir, "to.key"),
    ];
    const { code, stderr } = await run(args);
    expect(stderr).toBe("");
    expect(code).toBe(EXIT_CODES.OK);
    const copy = await openJobStore(to, { encryptionKey: toKey });
    await copy.resume();
    expect((await readAll(copy, fileId)).toString()).toBe("secret text\n");
    expect((await readShared(copy, "secret.json")).toString()).toBe('{"s":1}');
    for await (const info of copy.listSharedFiles())
      if (info.name === "secret.json") expect(info.encrypted).toBe(true);
    for await (const info of copy.listFiles()) expect(info.encrypted).toBe(true);
    await copy.close();
  });
});
