import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { codeOf, createFixture, type Fixture, readAll, writeText } from "./fixture.js";

let fx: Fixture;
beforeEach(async () => {
  fx = await createFixture();
  return fx.teardown;
});

describe("getPublicUrl and getSharedPublicUrl", () => {
  it("getPublicUrl returns a file: URL whose file holds the content", async () => {
    const fileId = await writeText(fx.store, "public bytes", { basename: "report.txt" });
    const url = await fx.store.getPublicUrl(fileId);
    expect(url.startsWith("file:")).toBe(true);
    expect(url.endsWith("/report.txt")).toBe(true);
    expect(await readFile(fileURLToPath(url), "utf8")).toBe("public bytes");
  });

  it("a URL handed out keeps its bytes after the file is updated", async () => {
    const fileId = await writeText(fx.store, "v1");
    const url = await fx.store.getPublicUrl(fileId, { expiresInSeconds: 7200 });
    await fx.store.updateFileStream(fileId, (w) => {
      w.end("v2");
    });
    expect(await readFile(fileURLToPath(url), "utf8")).toBe("v1");
  });

  it("getSharedPublicUrl returns a readable file: URL", async () => {
    await fx.store.writeSharedFileStream("nonEncrypted", (w) => {
      w.end("shared bytes");
    });
    const url = await fx.store.getSharedPublicUrl("nonEncrypted");
    expect(await readFile(fileURLToPath(url), "utf8")).toBe("shared bytes");
  });

  it("public URLs of missing files reject with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(fx.store.getPublicUrl("missing"))).toBe("JOBSTORE_NO_SUCH_FILE");
    expect(await codeOf(fx.store.getSharedPublicUrl("missing"))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("destroy removes the public URL copies", async () => {
    const url = await fx.store.getPublicUrl(await writeText(fx.store, "x"));
    await fx.store.destroy();
    await expect(stat(fileURLToPath(url))).rejects.toThrow();
  });

  it("the capabilities declare file: public URLs without an expiry limit", () => {
    expect(fx.store.capabilities.publicUrls).toBe("file");
    expect(fx.store.capabilities.maxPublicUrlSeconds).toBe(0);
  });
});

describe("public URLs with encryption", () => {
  let secret: Fixture;
  beforeEach(async () => {
    secret = await createFixture({ encrypted: true });
    return secret.teardown;
  });

  it("getPublicUrl of encrypted content rejects with JOBSTORE_ENCRYPTION", async () => {
    const fileId = await writeText(secret.store, "x");
    expect(await codeOf(secret.store.getPublicUrl(fileId))).toBe("JOBSTORE_ENCRYPTION");
  });

  it("getSharedPublicUrl of a shared file written with encrypted: false works", async () => {
    await secret.store.writeSharedFileStream("clear", (w) => w.end("ok"), { encrypted: false });
    const url = await secret.store.getSharedPublicUrl("clear");
    expect(await readFile(fileURLToPath(url), "utf8")).toBe("ok");
  });
});

describe("importFile", () => {
  let server: Server;
  let base: string;
  beforeEach(async () => {
    server = createServer((req, res) => {
      if (req.url === "/input.txt") res.end("served over http");
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("importFile from an http: URL stores the served bytes", async () => {
    const fileId = await fx.store.importFile(`${base}/input.txt`);
    expect(await readAll(await fx.store.readFileStream(fileId!))).toBe("served over http");
  });

  it("importFile from an http: URL that answers 404 rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(fx.store.importFile(`${base}/missing.txt`))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("importFile from a file: URL keeps the executable bit", async () => {
    const local = join(fx.dir, "tool.sh");
    await writeFile(local, "#!/bin/sh\n");
    await chmod(local, 0o755);
    const fileId = await fx.store.importFile(pathToFileURL(local));
    const out = join(fx.dir, "tool-copy.sh");
    await fx.store.readFile(fileId!, out);
    expect((await stat(out)).mode & 0o111).not.toBe(0);
  });

  it("importFile with sharedFileName stores a shared file and resolves to undefined", async () => {
    expect(await fx.store.importFile(`${base}/input.txt`, { sharedFileName: "imported" })).toBeUndefined();
    expect(await readAll(await fx.store.readSharedFileStream("imported"))).toBe("served over http");
  });

  it("importFile of a missing file: URL rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    expect(await codeOf(fx.store.importFile(pathToFileURL(join(fx.dir, "none"))))).toBe(
      "JOBSTORE_NO_SUCH_FILE",
    );
  });
});

describe("exportFile", () => {
  it("exportFile to a file: URL writes the content there", async () => {
    const fileId = await writeText(fx.store, "exported");
    const target = join(fx.dir, "out.txt");
    await fx.store.exportFile(fileId, pathToFileURL(target));
    expect(await readFile(target, "utf8")).toBe("exported");
  });

  it("exportFile of a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const target = pathToFileURL(join(fx.dir, "none.txt"));
    expect(await codeOf(fx.store.exportFile("missing", target))).toBe("JOBSTORE_NO_SUCH_FILE");
  });

  it("exportFile to an http: URL rejects with JOBSTORE_NOT_SUPPORTED", async () => {
    const fileId = await writeText(fx.store, "x");
    expect(await codeOf(fx.store.exportFile(fileId, "http://127.0.0.1:9/x"))).toBe("JOBSTORE_NOT_SUPPORTED");
  });
});
