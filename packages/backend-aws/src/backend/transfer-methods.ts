import type { JobStoreBackend } from "@jobstore/core";
import { JobStoreError } from "@jobstore/core";
import { BACKEND_NAME } from "../map-error.js";
import type { BackendLayers } from "./layers.js";
import { openRecord } from "./records.js";

/** URL schemes {@link createTransferMethods} imports from and exports to. */
export const TRANSFER_SCHEMES: readonly string[] = ["s3"];

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
 * the content layer's uploader (one PutObject up to one part, else a multipart upload aborted on failure).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE` (missing source object or bucket, missing file),
 * `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ABORTED`, `JOBSTORE_UNAVAILABLE`, and the write path's codes.
 * @example
 * ```ts
 * await transfer.importFile(new URL("s3://inputs/reads.fq"), { fileId, meta }, {});
 * await transfer.exportFile(fileId, new URL("s3://results/out.txt"), {});
 * ```
 * @internal
 */
export function createTransferMethods(
  layers: BackendLayers,
  files: Pick<JobStoreBackend, "writeFile" | "writeSharedFile">,
): Required<Pick<JobStoreBackend, "importFile" | "exportFile">> {
  const { content, metadata } = layers;
  return {
    async importFile(url, target, options) {
      const source = await content.openExternal(parseS3Url(url), options);
      if ("sharedFileName" in target) {
        await files.writeSharedFile(target.sharedFileName, source, content.encryption, options);
      } else {
        await files.writeFile(target.fileId, source, target.meta, options);
      }
    },

    async exportFile(fileId, url, options) {
      const target = parseS3Url(url);
      const record = await metadata.getRecord("file", fileId, options);
      // A superseded version vanishing under the copy falls back to the read path, which re-reads.
      if (record && (await content.copyOut(record, target, options))) return;
      const { stream } = await openRecord(layers, "file", fileId, options, `file ${fileId}`);
      await content.uploadExternal(stream, target, options);
    },
  };
}
