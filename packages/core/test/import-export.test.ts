import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobStoreError } from "../src/index.js";
import { expectCode, openStore } from "./fixtures.js";
import { readAll } from "./stub-backend.js";

let dir: string;
let server: Server;
let base: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jobstore-core-urls-"));
  server = createServer((req, res) => {
    const status: Record<string, number> = { "/gone": 404, "/removed": 410, "/broken": 500, "/busy": 429 };
    if (req.url === "/slow") return; // never answers: only an abort ends the request
    const code = status[req.url ?? ""] ?? 200;
    res.writeHead(code, { "content-type": "application/octet-stream" });
    res.end(code === 200 ? `payload of ${req.url}` : "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function contentOf(store: Awaited<ReturnType<typeof openStore>>["store"], fileId: string | undefined) {
  return (await readAll(await store.readFileStream(fileId as string))).toString();
}

describe("importFile, generic path", () => {
  it("imports a file: URL, keeping the executable bit and the name", async () => {
    const { store, backend } = await openStore();
    const source = join(dir, "run.sh");
    await writeFile(source, "echo");
    await chmod(source, 0o755);
    const fileId = await store.importFile(pathToFileURL(source));
    expect(await contentOf(store, fileId)).toBe("echo");
    expect(backend.state.files.get(fileId as string)?.executable).toBe(true);
    expect(fileId).toMatch(/\/run\.sh$/);
  });

  it("a missing file: source rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const { store } = await openStore();
    await expectCode(store.importFile(pathToFileURL(join(dir, "absent"))), "JOBSTORE_NO_SUCH_FILE");
  });

  it("imports an http: URL", async () => {
    const { store } = await openStore();
    const fileId = await store.importFile(`${base}/data.txt`);
    expect(await contentOf(store, fileId)).toBe("payload of /data.txt");
  });

  it("imports into a shared file and resolves to undefined", async () => {
    const { store } = await openStore();
    expect(await store.importFile(`${base}/data.txt`, { sharedFileName: "input.txt" })).toBeUndefined();
    expect((await readAll(await store.readSharedFileStream("input.txt"))).toString()).toBe(
      "payload of /data.txt",
    );
  });

  it.each(["/gone", "/removed"])("HTTP %s (404/410) rejects with JOBSTORE_NO_SUCH_FILE", async (path) => {
    const { store } = await openStore();
    await expectCode(store.importFile(`${base}${path}`), "JOBSTORE_NO_SUCH_FILE");
  });

  it.each(["/broken", "/busy"])(
    "HTTP %s (500/429) rejects with a retryable JOBSTORE_UNAVAILABLE",
    async (path) => {
      const { store } = await openStore();
      const err = await expectCode(store.importFile(`${base}${path}`), "JOBSTORE_UNAVAILABLE");
      expect(err.retryable).toBe(true);
    },
  );

  it("a URL whose last segment is not a valid escape still imports", async () => {
    const { store } = await openStore();
    const fileId = await store.importFile(`${base}/odd%ZZname`);
    expect(await contentOf(store, fileId)).toBe("payload of /odd%ZZname");
  });

  it("aborting while the server has not answered rejects with JOBSTORE_ABORTED", async () => {
    const { store } = await openStore();
    const controller = new AbortController();
    const importing = store.importFile(`${base}/slow`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expectCode(importing, "JOBSTORE_ABORTED");
  });

  it("a backend that rejects the write closes the HTTP source", async () => {
    let captured: Readable | undefined;
    const { store } = await openStore({
      overrides: {
        async writeFile(_id, source) {
          captured = source;
          throw new JobStoreError("JOBSTORE_UNAVAILABLE", "refused");
        },
      },
    });
    await expectCode(store.importFile(`${base}/data.txt`), "JOBSTORE_UNAVAILABLE");
    expect(captured?.destroyed).toBe(true);
  });

  it.each(["ftp://example.invalid/x", "s3://bucket/key", "gs://bucket/key"])(
    "an unsupported scheme (%s) rejects with JOBSTORE_NOT_SUPPORTED",
    async (url) => {
      const { store } = await openStore();
      await expectCode(store.importFile(url), "JOBSTORE_NOT_SUPPORTED");
    },
  );

  it("a string that is not a URL rejects with JOBSTORE_INVALID_LOCATOR", async () => {
    const { store } = await openStore();
    await expectCode(store.importFile("not a url"), "JOBSTORE_INVALID_LOCATOR");
  });
});

describe("importFile and exportFile, backend fast path", () => {
  it("a scheme listed in importSchemes goes to backend.importFile with a new file target", async () => {
    const targets: unknown[] = [];
    const { store } = await openStore({
      capabilities: { importSchemes: ["s3"] },
      overrides: {
        importFile: async (_url, target) => void targets.push(target),
      },
    });
    const fileId = await store.importFile("s3://bucket/dir/key.bin", { jobId: "j", cleanup: true });
    expect(targets).toEqual([
      { fileId, meta: { jobId: "j", cleanup: true, executable: false, basename: "key.bin" } },
    ]);
  });

  it("a scheme listed in importSchemes can import into a shared file", async () => {
    const targets: unknown[] = [];
    const { store } = await openStore({
      capabilities: { importSchemes: ["s3"] },
      overrides: { importFile: async (_url, target) => void targets.push(target) },
    });
    expect(await store.importFile("s3://bucket/key", { sharedFileName: "k" })).toBeUndefined();
    expect(targets).toEqual([{ sharedFileName: "k" }]);
  });

  it("a scheme listed in exportSchemes goes to backend.exportFile", async () => {
    const urls: string[] = [];
    const { store } = await openStore({
      capabilities: { exportSchemes: ["s3"] },
      overrides: { exportFile: async (_id, url) => void urls.push(url.href) },
    });
    await store.exportFile("f", "s3://bucket/out");
    expect(urls).toEqual(["s3://bucket/out"]);
  });
});

describe("exportFile, generic path", () => {
  it("writes a file: destination with the executable bit", async () => {
    const { store } = await openStore();
    const source = join(dir, "tool");
    await writeFile(source, "bits");
    await chmod(source, 0o755);
    const fileId = await store.writeFile(source);
    const target = join(dir, "exported");
    await store.exportFile(fileId, pathToFileURL(target));
    expect(await readFile(target, "utf8")).toBe("bits");
    expect((await stat(target)).mode & 0o111).not.toBe(0);
  });

  it("a missing file rejects with JOBSTORE_NO_SUCH_FILE", async () => {
    const { store } = await openStore();
    await expectCode(store.exportFile("missing", pathToFileURL(join(dir, "x"))), "JOBSTORE_NO_SUCH_FILE");
  });

  it.each(["http://127.0.0.1/x", "s3://bucket/key"])(
    "a destination without support (%s) rejects with JOBSTORE_NOT_SUPPORTED without I/O",
    async (url) => {
      const { store, backend } = await openStore();
      const before = backend.totalCalls();
      await expectCode(store.exportFile("f", url), "JOBSTORE_NOT_SUPPORTED");
      expect(backend.totalCalls()).toBe(before);
    },
  );
});
