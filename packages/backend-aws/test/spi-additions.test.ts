import { Readable } from "node:stream";
import {
  GetBucketLifecycleConfigurationCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { isJobStoreError, type JobStoreBackend } from "@jobstore/core";
import { afterEach, describe, expect, it } from "vitest";
import { createS3ContentLayer, resourceNames, SIMPLEDB_LIMITS } from "../src/index.js";
import { localBackend, makeS3, stackAvailable, uniquePrefix } from "./local-stack.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A fresh, created `aws:` backend on the local stack. */
async function created(overrides: Parameters<typeof localBackend>[1] = {}) {
  const prefix = uniquePrefix("spi");
  const backend = localBackend(prefix, overrides);
  cleanups.push(async () => {
    await backend.destroy({});
    await backend.close?.();
  });
  await backend.create({});
  return { backend, prefix, bucket: resourceNames(prefix).bucket };
}

const bytes = (text: string) => Readable.from([Buffer.from(text)]);
const meta = { cleanup: false, executable: false };

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function read(backend: JobStoreBackend, fileId: string): Promise<string> {
  const { stream } = await backend.readFile(fileId, {});
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

async function objectCount(bucket: string): Promise<number> {
  const s3 = makeS3();
  try {
    return (await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount ?? 0;
  } finally {
    s3.destroy();
  }
}

describe.skipIf(!stackAvailable)("aws: SPI additions", () => {
  describe("capabilities", () => {
    it("declares the ID limits derived from SimpleDB's 1024-byte names and the 1-day upload rule", () => {
      const caps = localBackend(uniquePrefix("caps")).capabilities;
      expect(caps.maxIdBytes).toBe(SIMPLEDB_LIMITS.maxIdBytes);
      expect(caps.maxSharedNameBytes).toBe(SIMPLEDB_LIMITS.maxSharedNameBytes);
      expect(caps.maxIdBytes).toBeLessThanOrEqual(1024);
      expect(caps.abortIncompleteUploadsAfterDays).toBe(1);
      expect(caps.inlineFileLimit).toBe(256);
    });
  });

  describe("IDs over the limits", () => {
    it("writeFile with a 10 KB job ID rejects JOBSTORE_INVALID_NAME without uploading anything", async () => {
      const { backend, bucket } = await created();
      const big = Buffer.alloc(1024 * 1024, 1);
      const err = await backend
        .writeFile("f1", Readable.from([big]), { ...meta, jobId: "j".repeat(10_000) }, {})
        .catch((e: unknown) => e);
      expect(isJobStoreError(err, "JOBSTORE_INVALID_NAME")).toBe(true);
      expect(await objectCount(bucket)).toBe(0);
    });

    it("a lone surrogate in a job ID is JOBSTORE_INVALID_NAME, not a retryable failure", async () => {
      const { backend } = await created();
      for (const call of [
        () => backend.createJob({ jobStoreId: "a\uD800b", version: 1 }, {}),
        () => backend.loadJob("a\uD800b", {}),
      ]) {
        const err = await call().catch((e: unknown) => e);
        expect(isJobStoreError(err, "JOBSTORE_INVALID_NAME")).toBe(true);
        expect((err as { retryable: boolean }).retryable).toBe(false);
      }
    });

    it("a file ID of exactly maxIdBytes is stored and read back", async () => {
      const { backend } = await created();
      const id = "é".repeat(Math.floor(backend.capabilities.maxIdBytes / 2));
      await backend.writeFile(id, bytes("x".repeat(1000)), meta, {});
      expect(await read(backend, id)).toBe("x".repeat(1000));
    });
  });

  describe("writeFile under any ID", () => {
    it("file IDs that look like shared-file or log item names do not collide with them", async () => {
      const { backend } = await created();
      await backend.writeSharedFile("config.json", bytes("shared"), false, {});
      await backend.writeFile("shared:config.json", bytes("file"), meta, {});
      await backend.writeFile("log:1", bytes("not a log"), meta, {});
      expect(await read(backend, "shared:config.json")).toBe("file");
      const shared: Buffer[] = [];
      for await (const chunk of await backend.readSharedFile("config.json", {})) shared.push(chunk as Buffer);
      expect(Buffer.concat(shared).toString()).toBe("shared");
      expect(await all(backend.listLogs({}))).toEqual([]);
    });
  });

  describe("listing", () => {
    it("listFiles reports each file's metadata and listSharedFiles each shared file", async () => {
      const { backend } = await created();
      await backend.writeFile(
        "a",
        bytes("hello"),
        { cleanup: true, executable: true, jobId: "j1", basename: "a.txt" },
        {},
      );
      await backend.writeFile("b", bytes("x".repeat(300)), meta, {});
      await backend.writeSharedFile("s", bytes("shared!"), false, {});
      const files = (await all(backend.listFiles({}))).sort((x, y) => x.fileId.localeCompare(y.fileId));
      expect(files).toEqual([
        expect.objectContaining({
          fileId: "a",
          jobId: "j1",
          cleanup: true,
          executable: true,
          size: 5,
          basename: "a.txt",
        }),
        expect.objectContaining({
          fileId: "b",
          cleanup: false,
          executable: false,
          size: 300,
          encrypted: false,
        }),
      ]);
      expect(files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(await all(backend.listSharedFiles({}))).toEqual([
        expect.objectContaining({ name: "s", size: 7 }),
      ]);
    });

    it("listLogs lists messages oldest first with their read state and marks nothing", async () => {
      const { backend } = await created();
      await backend.writeLogs(Buffer.from("first"), {});
      await backend.writeLogs(Buffer.from("second"), {}, true);
      const listed = await all(backend.listLogs({}));
      expect(listed.map((l) => [l.message.toString(), l.read])).toEqual([
        ["first", false],
        ["second", true],
      ]);
      const delivered: string[] = [];
      expect(await backend.readLogs((m) => void delivered.push(m.toString()), false, {})).toBe(1);
      expect(delivered).toEqual(["first"]);
    });
  });

  describe("leftovers", () => {
    it("reports unreferenced content objects and removes them, never referenced ones", async () => {
      const { backend, prefix } = await created();
      await backend.writeFile("kept", bytes("k".repeat(1000)), meta, {});
      const s3 = makeS3();
      cleanups.push(async () => s3.destroy());
      const bucket = resourceNames(prefix).bucket;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "files/lost/v1", Body: "orphan" }));
      // Through the content layer with a threshold in the future, since the backend waits an hour.
      const content = createS3ContentLayer({ region: "us-east-1", bucket, s3 });
      const referenced = new Set<string>();
      for await (const file of backend.listFiles({})) referenced.add(file.fileId);
      const keys =
        (await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents?.map((o) => o.Key) ?? [];
      const keptKey = keys.find((k) => k?.startsWith("files/kept/"));
      const found = await all(
        content.findLeftovers((key) => key === keptKey, new Date(Date.now() + 60_000), {}),
      );
      expect(found).toEqual([expect.objectContaining({ kind: "orphan-content", id: "files/lost/v1" })]);
      await content.removeLeftovers(found, {});
      expect(await read(backend, "kept")).toBe("k".repeat(1000));
      expect(await objectCount(bucket)).toBe(1);
      // The backend's own report ignores objects younger than an hour.
      const findLeftovers = backend.findLeftovers;
      expect(findLeftovers).toBeDefined();
      expect(await all(findLeftovers?.call(backend, {}) ?? (async function* () {})())).toEqual([]);
    });
  });

  describe("bucket lifecycle rule", () => {
    it("initialize sets a rule aborting incomplete multipart uploads after 1 day", async () => {
      const { bucket } = await created();
      const s3 = makeS3();
      cleanups.push(async () => s3.destroy());
      const config = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      expect(config.Rules?.map((r) => r.AbortIncompleteMultipartUpload?.DaysAfterInitiation)).toEqual([1]);
    });

    it("a server refusing the rule does not fail initialize", async () => {
      const s3 = makeS3();
      s3.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === "PutBucketLifecycleConfigurationCommand")
            throw Object.assign(new Error("no"), {
              name: "NotImplemented",
              $metadata: { httpStatusCode: 501 },
            });
          return next(args);
        },
        { step: "initialize", name: "refuseLifecycle" },
      );
      const { backend } = await created({ s3 });
      await backend.writeFile("f", bytes("still works"), meta, {});
      expect(await read(backend, "f")).toBe("still works");
    });
  });
});
