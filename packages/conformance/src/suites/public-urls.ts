import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { JobStoreCapabilities } from "@jobstore/core";
import { describe, expect, it } from "vitest";
import { useFixture } from "../fixture.js";
import type { ConformanceOptions } from "../options.js";
import { digest, expectCode, randomData, testTimeout, writeBytes, writeChunks } from "./support.js";

/** GETs a public URL the way an outside process would: over HTTP(S), or from the local file system. */
export async function fetchPublicUrl(url: string): Promise<Buffer> {
  const parsed = new URL(url);
  if (parsed.protocol === "file:") return readFile(fileURLToPath(parsed));
  const response = await fetch(parsed);
  expect(response.status, `GET ${url}`).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

function expectKind(url: string, caps: JobStoreCapabilities): void {
  const protocol = new URL(url).protocol;
  if (caps.publicUrls === "file") expect(protocol).toBe("file:");
  else expect(["http:", "https:"]).toContain(protocol);
}

/**
 * Registers the public URL tests: the URLs of files and shared files can be fetched by anyone, are of
 * the kind the capabilities state, and missing files reject with `JOBSTORE_NO_SUCH_FILE`. On a store with
 * `capabilities.encryption`, the URL of a job file or an encrypted shared file rejects with
 * `JOBSTORE_ENCRYPTION` (a URL would hand out ciphertext) instead. Skipped when
 * `capabilities.publicUrls` is `"none"`, except the check that the methods then reject with
 * `JOBSTORE_NOT_SUPPORTED`.
 *
 * @example
 * ```ts
 * describe("my backend", () => registerPublicUrlTests(options));
 * ```
 * @public
 */
export function registerPublicUrlTests(options: ConformanceOptions): void {
  const timeout = testTimeout(options);

  describe("public URLs", () => {
    it(
      "getPublicUrl gives a URL whose GET returns the file's bytes, small or large; on an encrypted store it rejects with JOBSTORE_ENCRYPTION",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (f.capabilities.publicUrls === "none") skip("capabilities.publicUrls is none");
        const reader = await f.open();
        if (f.capabilities.encryption) {
          // Job files are encrypted: a URL would hand out ciphertext, so the store refuses (SPEC).
          const fileId = await writeBytes(f.store, "secret");
          await expectCode(reader.getPublicUrl(fileId), "JOBSTORE_ENCRYPTION");
          return;
        }
        const sizes = [0, 1, Math.max(f.capabilities.inlineFileLimit, 256) + 1, 1024 * 1024];
        for (const size of sizes) {
          const data = randomData(size);
          const fileId = await f.store.writeFileStream((w) => writeChunks(w, data));
          const url = await reader.getPublicUrl(fileId);
          expectKind(url, f.capabilities);
          expect(digest(await fetchPublicUrl(url))).toBe(digest(data));
        }
      },
      timeout,
    );

    it(
      "getSharedPublicUrl of an unencrypted shared file gives a fetchable URL; of an encrypted one it rejects with JOBSTORE_ENCRYPTION",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (f.capabilities.publicUrls === "none") skip("capabilities.publicUrls is none");
        if (f.capabilities.encryption) {
          await f.store.writeSharedFileStream("encrypted", (w) => void w.end("secret"), { encrypted: true });
          await expectCode(f.store.getSharedPublicUrl("encrypted"), "JOBSTORE_ENCRYPTION");
        }
        await f.store.writeSharedFileStream("nonEncrypted", (w) => void w.end("public bytes"), {
          encrypted: false,
        });
        const url = await f.store.getSharedPublicUrl("nonEncrypted");
        expectKind(url, f.capabilities);
        expect((await fetchPublicUrl(url)).toString()).toBe("public bytes");
      },
      timeout,
    );

    it(
      "a public URL asked for with the longest lifetime the backend allows works; on an encrypted store it rejects with JOBSTORE_ENCRYPTION",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (f.capabilities.publicUrls === "none") skip("capabilities.publicUrls is none");
        const seconds =
          f.capabilities.maxPublicUrlSeconds > 0 ? f.capabilities.maxPublicUrlSeconds : 365 * 24 * 3600;
        const fileId = await writeBytes(f.store, "long-lived");
        if (f.capabilities.encryption) {
          await expectCode(
            f.store.getPublicUrl(fileId, { expiresInSeconds: seconds }),
            "JOBSTORE_ENCRYPTION",
          );
          return;
        }
        const url = await f.store.getPublicUrl(fileId, { expiresInSeconds: seconds });
        expect((await fetchPublicUrl(url)).toString()).toBe("long-lived");
      },
      timeout,
    );

    it(
      "getPublicUrl of a missing or deleted file and getSharedPublicUrl of a missing name reject with JOBSTORE_NO_SUCH_FILE",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (f.capabilities.publicUrls === "none") skip("capabilities.publicUrls is none");
        const fileId = await writeBytes(f.store, "soon gone");
        await f.store.deleteFile(fileId);
        await expectCode(f.store.getPublicUrl(fileId), "JOBSTORE_NO_SUCH_FILE");
        await expectCode(f.store.getPublicUrl("no-such-file-id"), "JOBSTORE_NO_SUCH_FILE");
        await expectCode(f.store.getSharedPublicUrl("missing"), "JOBSTORE_NO_SUCH_FILE");
      },
      timeout,
    );

    it(
      "getPublicUrl and getSharedPublicUrl reject with JOBSTORE_NOT_SUPPORTED when publicUrls is none",
      async ({ skip }) => {
        const f = await useFixture(options);
        if (f.capabilities.publicUrls !== "none")
          skip(`capabilities.publicUrls is ${f.capabilities.publicUrls}`);
        const fileId = await writeBytes(f.store, "x");
        await f.store.writeSharedFileStream("s", (w) => void w.end("x"));
        await expectCode(f.store.getPublicUrl(fileId), "JOBSTORE_NOT_SUPPORTED");
        await expectCode(f.store.getSharedPublicUrl("s"), "JOBSTORE_NOT_SUPPORTED");
      },
      timeout,
    );
  });
}
