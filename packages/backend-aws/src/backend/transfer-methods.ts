import type { Readable } from "node:stream";
import { CopyObjectCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { abortError, type CallOptions, type FileId, type FileWriteMeta, JobStoreError } from "@jobstore/core";
import { type AwsContext, sendOptions } from "../context.js";
import { BACKEND_NAME, isS3Missing, mapAwsError } from "../map-error.js";
import { openItem } from "./content-reader.js";
import type { JobFileOps } from "./file-ops.js";
import { uploadObject } from "./object-upload.js";
import { loadRecord } from "./records.js";
import type { SharedFileOps } from "./shared-files.js";

// CopyObject copies at most 5 GiB in one request; larger objects are streamed.
const MAX_COPY_BYTES = 5 * 1024 ** 3;

/** URL schemes {@link createTransferOps} imports from and exports to. */
export const TRANSFER_SCHEMES: readonly string[] = ["s3"];

/** Where an import goes: a new job file, or a shared file. */
export type ImportTarget = { fileId: FileId; meta: FileWriteMeta } | { sharedFileName: string };

/**
 * The import/export methods of the SPI on one {@link AwsContext}.
 *
 * @internal
 */
export interface TransferOps {
  importFile(url: URL, target: ImportTarget, options: CallOptions): Promise<void>;
  exportFile(fileId: FileId, url: URL, options: CallOptions): Promise<void>;
}

/**
 * Splits `s3://bucket/key` (the key percent-decoded).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` for another scheme, `JOBSTORE_NO_SUCH_FILE` when
 * the URL names no object.
 * @example
 * ```ts
 * parseS3Url(new URL("s3://my-bucket/a/b%20c.txt")); // { bucket: "my-bucket", key: "a/b c.txt" }
 * ```
 * @internal
 */
export function parseS3Url(url: URL): { bucket: string; key: string } {
  if (url.protocol !== "s3:") {
    throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `not an s3: URL: ${url.href}`, {
      backend: BACKEND_NAME,
    });
  }
  const bucket = url.hostname;
  const key = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (bucket === "" || key === "") {
    throw new JobStoreError(
      "JOBSTORE_NO_SUCH_FILE",
      `${url.href} names no S3 object (expected s3://bucket/key)`,
      {
        backend: BACKEND_NAME,
      },
    );
  }
  return { bucket, key };
}

/**
 * `s3:` import and export with the store's own S3 client (same endpoint and credentials).
 *
 * @remarks Import streams the source object (GetObject) through the normal write path instead of a
 * server-side CopyObject: the item must record the content's SHA-256 and S3-compatible servers (radosgw)
 * store no SHA-256 a copy could reuse, encrypted stores must encrypt anyway, and inline-sized objects end
 * up in SimpleDB. The cost is the bytes passing through this process once. Export of unencrypted content
 * held in S3 (up to 5 GiB) is a server-side CopyObject of the recorded version: its bytes are the file's,
 * verified when they were written. Other content is read (verified, decrypted) and uploaded with
 * {@link uploadObject} (one PutObject up to one part, else a multipart upload aborted on failure).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` (missing source object or bucket, missing file),
 * `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`, and the write path's codes.
 * @example
 * ```ts
 * await transfer.importFile(new URL("s3://inputs/reads.fq"), { fileId, meta }, {});
 * await transfer.exportFile(fileId, new URL("s3://results/out.txt"), {});
 * ```
 * @internal
 */
export function createTransferOps(ctx: AwsContext, files: JobFileOps, shared: SharedFileOps): TransferOps {
  return {
    async importFile(url, target, options) {
      const { bucket, key } = parseS3Url(url);
      let source: Readable;
      try {
        const out = await ctx.s3.send(
          new GetObjectCommand({ Bucket: bucket, Key: key }),
          sendOptions(options),
        );
        source = out.Body as Readable;
      } catch (err) {
        if (isS3Missing(err)) {
          throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `cannot import ${url.href}: no such object`, {
            cause: err,
            backend: BACKEND_NAME,
          });
        }
        throw mapAwsError(err, `import ${url.href}`);
      }
      if ("sharedFileName" in target) {
        await shared.writeSharedFile(target.sharedFileName, source, ctx.encryptionKey !== undefined, options);
      } else {
        await files.writeFile(target.fileId, source, target.meta, options);
      }
    },

    async exportFile(fileId, url, options) {
      const { bucket, key } = parseS3Url(url);
      const record = await loadRecord(ctx, fileId, "file", options, `file ${fileId}`);
      if (record?.key && !record.encrypted && record.size <= MAX_COPY_BYTES) {
        try {
          await ctx.s3.send(
            new CopyObjectCommand({
              Bucket: bucket,
              Key: key,
              CopySource: `${ctx.names.bucket}/${encodeURIComponent(record.key)}`,
            }),
            sendOptions(options),
          );
          return;
        } catch (err) {
          // A superseded version vanished under us: fall back to the read path, which re-reads the item.
          if (!isS3Missing(err)) throw mapAwsError(err, `export file ${fileId} to ${url.href}`);
        }
      }
      const { stream } = await openItem(ctx, fileId, "file", options, `file ${fileId}`);
      const { signal } = options;
      // Failing the source makes the upload stop reading, wait for its parts in flight and abort.
      const onAbort = () => stream.destroy(abortError(signal));
      signal?.addEventListener("abort", onAbort, { once: true });
      try {
        await uploadObject(ctx.s3, stream, {
          bucket,
          key,
          partSize: ctx.partSize,
          buffers: ctx.uploadConcurrency,
          signal,
        });
      } catch (err) {
        stream.destroy();
        if (signal?.aborted) throw abortError(signal);
        if (isS3Missing(err)) {
          throw new JobStoreError("JOBSTORE_UNAVAILABLE", `cannot export to ${url.href}: no such bucket`, {
            cause: err,
            retryable: false,
            backend: BACKEND_NAME,
          });
        }
        throw mapAwsError(err, `export file ${fileId} to ${url.href}`);
      } finally {
        signal?.removeEventListener("abort", onAbort);
      }
    },
  };
}
