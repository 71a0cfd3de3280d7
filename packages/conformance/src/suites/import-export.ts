import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { type ConformanceFixture, useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import {
  digest,
  expectCode,
  partSizeOf,
  randomData,
  readFileBytes,
  readSharedBytes,
  testTimeout,
} from "./support.js";

/** Serves `routes` on 127.0.0.1 (any other path is a 404) until the test ends. */
async function serve(f: ConformanceFixture, routes: Record<string, Buffer>): Promise<string> {
  const server: Server = createServer((request, response) => {
    const body = routes[request.url ?? ""];
    if (body === undefined) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  f.onCleanup(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * Registers the import/export tests: `importFile` from a local HTTP server and from `file:` URLs (sizes
 * around the part size, the executable bit, shared-file targets), `exportFile` to `file:`, and the
 * error codes for missing sources and unsupported schemes.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerImportExportTests(options));
 * ```
 * @public
 */
export function registerImportExportTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);
  const longTimeout = testTimeout(options, 2);

  describe("import and export", () => {
    it(
      "importFile from a local HTTP server stores the served bytes, owned by the given job",
      async () => {
        const f = await useFixture(options);
        const body = Buffer.from("The quick brown fox jumps over the lazy dog\n".repeat(100));
        const big = randomData(1024 * 1024 + 7);
        const base = await serve(f, { "/fox.txt": body, "/big.bin": big });
        const job = await f.store.createJob(f.store.assignJobId({ jobName: "importer" }));
        const fileId = await f.store.importFile(`${base}/fox.txt`, { jobId: job.jobStoreId, cleanup: true });
        const bigId = await f.store.importFile(new URL(`${base}/big.bin`));
        const reader = await f.open();
        expect((await readFileBytes(reader, fileId as string)).toString()).toBe(body.toString());
        expect(digest(await readFileBytes(reader, bigId as string))).toBe(digest(big));
        await f.store.deleteJob(job.jobStoreId);
        expect(await reader.fileExists(fileId as string)).toBe(false);
        expect(await reader.fileExists(bigId as string)).toBe(true);
      },
      timeout,
    );

    it(
      "importFile of an HTTP URL that answers 404 rejects with JOBSTORE_NO_SUCH_FILE",
      async () => {
        const f = await useFixture(options);
        const base = await serve(f, {});
        await expectCode(f.store.importFile(`${base}/missing`), "JOBSTORE_NO_SUCH_FILE");
      },
      timeout,
    );

    it(
      "importFile and exportFile through file: URLs keep the bytes at sizes around the part size",
      async () => {
        const f = await useFixture(options);
        const part = partSizeOf(f.store);
        const reader = await f.open();
        for (const size of [0, 1, 1024 * 1024, part - 1, part, part + 1]) {
          const data = randomData(size);
          const source = join(f.tempDir, `source-${size}`);
          await writeFile(source, data);
          const fileId = await f.store.importFile(pathToFileURL(source));
          expect(typeof fileId).toBe("string");
          expect(digest(await readFileBytes(reader, fileId as string))).toBe(digest(data));
          const destination = join(f.tempDir, `exported-${size}`);
          await reader.exportFile(fileId as string, pathToFileURL(destination));
          expect(digest(await readFile(destination))).toBe(digest(data));
        }
      },
      longTimeout,
    );

    it(
      "importFile of an executable local file and exportFile of it keep the executable bit",
      async () => {
        const f = await useFixture(options);
        const script = join(f.tempDir, "tool.sh");
        await writeFile(script, "#!/bin/sh\nexit 0\n");
        await chmod(script, 0o755);
        const fileId = (await f.store.importFile(pathToFileURL(script))) as string;
        const exported = join(f.tempDir, "tool-exported.sh");
        await f.store.exportFile(fileId, pathToFileURL(exported));
        expect((await stat(exported)).mode & 0o100).toBe(0o100);
        const read = join(f.tempDir, "tool-read.sh");
        await f.store.readFile(fileId, read);
        expect((await stat(read)).mode & 0o100).toBe(0o100);
      },
      timeout,
    );

    it(
      "importFile with sharedFileName resolves to undefined and stores the shared file",
      async () => {
        const f = await useFixture(options);
        const data = randomData(42);
        const base = await serve(f, { "/shared.bin": data });
        const local = join(f.tempDir, "shared-source");
        await writeFile(local, data.subarray(0, 21));
        expect(
          await f.store.importFile(pathToFileURL(local), { sharedFileName: "fromFile" }),
        ).toBeUndefined();
        expect(
          await f.store.importFile(`${base}/shared.bin`, { sharedFileName: "fromHttp" }),
        ).toBeUndefined();
        const reader = await f.open();
        expect(digest(await readSharedBytes(reader, "fromFile"))).toBe(digest(data.subarray(0, 21)));
        expect(digest(await readSharedBytes(reader, "fromHttp"))).toBe(digest(data));
      },
      timeout,
    );

    it(
      "importFile of a missing local file rejects with JOBSTORE_NO_SUCH_FILE",
      async () => {
        const f = await useFixture(options);
        await expectCode(
          f.store.importFile(pathToFileURL(join(f.tempDir, "absent"))),
          "JOBSTORE_NO_SUCH_FILE",
        );
      },
      timeout,
    );

    it(
      "importFile from and exportFile to a scheme nobody handles reject with JOBSTORE_NOT_SUPPORTED",
      async () => {
        const f = await useFixture(options);
        const fileId = await f.store.writeFileStream((w) => void w.end("x"));
        const importScheme = unusedScheme(f.capabilities.importSchemes);
        const exportScheme = unusedScheme(f.capabilities.exportSchemes);
        await expectCode(f.store.importFile(`${importScheme}://host/path`), "JOBSTORE_NOT_SUPPORTED");
        await expectCode(f.store.exportFile(fileId, `${exportScheme}://host/path`), "JOBSTORE_NOT_SUPPORTED");
        // http(s) is an import-only scheme unless the backend says it exports there itself.
        if (!f.capabilities.exportSchemes.includes("http")) {
          await expectCode(f.store.exportFile(fileId, "http://127.0.0.1:9/upload"), "JOBSTORE_NOT_SUPPORTED");
        }
      },
      timeout,
    );

    it(
      "exportFile of a missing file rejects with JOBSTORE_NO_SUCH_FILE and writes nothing",
      async () => {
        const f = await useFixture(options);
        const destination = join(f.tempDir, "never");
        await expectCode(
          f.store.exportFile("no-such-file-id", pathToFileURL(destination)),
          "JOBSTORE_NO_SUCH_FILE",
        );
        await expect(stat(destination)).rejects.toMatchObject({ code: "ENOENT" });
      },
      timeout,
    );
  });
}

function unusedScheme(taken: readonly string[]): string {
  return ["gopher", "x-conformance", "x-conformance-2"].find((s) => !taken.includes(s)) as string;
}
