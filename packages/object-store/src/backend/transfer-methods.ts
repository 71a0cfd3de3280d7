import type { JobStoreBackend } from "@jobstore/core";
import { JobStoreError } from "@jobstore/core";
import type { NamedLayers } from "./layers.js";
import { openRecord } from "./records.js";

/**
 * Checks that `url` has one of the content layer's external schemes (the adapter's).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` for another scheme.
 * @example
 * ```ts
 * requireExternalScheme(layers, new URL("s3://my-bucket/a.txt"));
 * ```
 * @internal
 */
export function requireExternalScheme(layers: NamedLayers, url: URL): URL {
  if (!layers.content.externalSchemes.includes(url.protocol.replace(/:$/, ""))) {
    throw new JobStoreError(
      "JOBSTORE_NOT_SUPPORTED",
      `${url.href}: this store imports and exports only ${layers.content.externalSchemes.map((s) => `${s}:`).join(", ") || "no"} URLs`,
      { backend: layers.name },
    );
  }
  return url;
}

/**
 * Import and export of objects outside the store (the adapter's external schemes, e.g. `s3://bucket/key`),
 * with the store's own client (same endpoint and credentials).
 *
 * @remarks Import streams the source object through the normal write path instead of a server-side
 * copy: the record must hold the content's SHA-256, which S3-compatible servers (radosgw) do not store for
 * a copy to reuse, encrypted stores must encrypt anyway, and inline-sized content ends up in the record.
 * The cost is the bytes passing through this process once. Export of unencrypted content held in an object
 * (up to the adapter's `maxCopyBytes`, 5 GiB on S3) is a server-side copy of the recorded version: its
 * bytes are the file's, verified when they were written. Other content is read (verified, decrypted) and
 * uploaded by the adapter (one put up to one part, else a multipart upload aborted on failure).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` (another scheme), `JOBSTORE_NO_SUCH_FILE`
 * (missing source object or bucket, missing file), `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ABORTED`,
 * `JOBSTORE_UNAVAILABLE`, and the write path's codes.
 * @example
 * ```ts
 * await transfer.importFile(new URL("s3://inputs/reads.fq"), { fileId, meta }, {});
 * await transfer.exportFile(fileId, new URL("s3://results/out.txt"), {});
 * ```
 * @internal
 */
export function createTransferMethods(
  layers: NamedLayers,
  files: Pick<JobStoreBackend, "writeFile" | "writeSharedFile">,
): Required<Pick<JobStoreBackend, "importFile" | "exportFile">> {
  const { content, metadata } = layers;
  return {
    async importFile(url, target, options) {
      const source = await content.openExternal(requireExternalScheme(layers, url), options);
      if ("sharedFileName" in target) {
        await files.writeSharedFile(target.sharedFileName, source, content.encryption, options);
      } else {
        await files.writeFile(target.fileId, source, target.meta, options);
      }
    },

    async exportFile(fileId, url, options) {
      const target = requireExternalScheme(layers, url);
      const record = await metadata.getRecord("file", fileId, options);
      // A superseded version vanishing under the copy falls back to the read path, which re-reads.
      if (record && (await content.copyOut(record, target, options))) return;
      const { stream } = await openRecord(layers, "file", fileId, options, `file ${fileId}`);
      await content.uploadExternal(stream, target, options);
    },
  };
}
