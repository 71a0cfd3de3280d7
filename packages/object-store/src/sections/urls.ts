import { type CallOptions, isJobStoreError, type JobStoreBackend, JobStoreError } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import type { MetadataRecord, RecordKind } from "../metadata/metadata-layer.js";
import { fileMethods } from "./files.js";
import { commitContent, openRecord, qualifiedName, requireRecord } from "./record-content.js";
import { sharedFileMethods } from "./shared-files.js";

// Moving inline content to an object races with updates; each lost race costs a put and a delete.
const MAX_ATTEMPTS = 3;

type UrlMethods = Required<
  Pick<JobStoreBackend, "getPublicUrl" | "getSharedPublicUrl" | "importFile" | "exportFile">
>;

/**
 * Checks that `url` has one of the content layer's external schemes (the adapter's).
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NOT_SUPPORTED` for another scheme.
 * @example
 * ```ts
 * requireExternalScheme(ctx, new URL("s3://my-bucket/a.txt"));
 * ```
 * @internal
 */
export function requireExternalScheme(ctx: StoreContext, url: URL): URL {
  if (!ctx.content.externalSchemes.includes(url.protocol.replace(/:$/, ""))) {
    throw new JobStoreError(
      "JOBSTORE_NOT_SUPPORTED",
      `${url.href}: this store imports and exports only ${ctx.content.externalSchemes.map((s) => `${s}:`).join(", ") || "no"} URLs`,
      { backend: ctx.name },
    );
  }
  return url;
}

/**
 * Public URLs, and import and export of objects outside the store.
 *
 * Public URLs: presigned reads of the recorded content object, valid `expiresInSeconds` (clamped to the
 * content layer's maximum). Inline content is first uploaded to an object and the record switched to that
 * object under a fresh version token (conditional on the version read), so later reads use it and a racing
 * update is detected rather than leaking the object. The URL names an immutable object: it keeps serving
 * the bytes of the moment until that version is superseded (and deleted) or the URL expires.
 *
 * Import and export: the adapter's external schemes (e.g. `s3://bucket/key`), with the store's own client
 * (same endpoint and credentials).
 *
 * @remarks Import streams the source object through the normal write path (the file sections' own
 * `writeFile`/`writeSharedFile`) instead of a server-side
 * copy: the record must hold the content's SHA-256, which S3-compatible servers (radosgw) do not store for
 * a copy to reuse, encrypted stores must encrypt anyway, and inline-sized content ends up in the record.
 * The cost is the bytes passing through this process once. Export of unencrypted content held in an object
 * (up to the adapter's `maxCopyBytes`, 5 GiB on S3) is a server-side copy of the recorded version: its
 * bytes are the file's, verified when they were written. Other content is read (verified, decrypted) and
 * uploaded by the adapter (one put up to one part, else a multipart upload aborted on failure).
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_NO_SUCH_FILE`, `JOBSTORE_ENCRYPTION` (encrypted content cannot be
 * served in the clear), `JOBSTORE_CONCURRENT_MODIFICATION` (updated during every attempt),
 * `JOBSTORE_NOT_SUPPORTED` (another scheme), `JOBSTORE_CHECKSUM_MISMATCH`, `JOBSTORE_ABORTED`,
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`, and the write path's codes.
 * @example
 * ```ts
 * const urls = urlMethods(ctx);
 * const url = await urls.getPublicUrl(fileId, 3600, {});
 * await urls.importFile(new URL("s3://inputs/reads.fq"), { fileId, meta }, {});
 * await urls.exportFile(fileId, new URL("s3://results/out.txt"), {});
 * ```
 * @internal
 */
export function urlMethods(ctx: StoreContext): UrlMethods {
  const { content, metadata } = ctx;
  const { writeFile } = fileMethods(ctx);
  const { writeSharedFile } = sharedFileMethods(ctx);

  async function moveToObject(record: MetadataRecord, options: CallOptions): Promise<string> {
    const moved = await content.uploadInline(qualifiedName(record.kind, record.name), record, options);
    await commitContent(ctx, { ...record, ...moved, inline: undefined }, record.version, undefined, options);
    return moved.key ?? "";
  }

  async function publicUrl(
    kind: RecordKind,
    name: string,
    seconds: number,
    options: CallOptions,
    label: string,
  ) {
    for (let attempt = 1; ; attempt++) {
      const record = await requireRecord(ctx, kind, name, options, label);
      if (record.encrypted) {
        throw new JobStoreError("JOBSTORE_ENCRYPTION", `${label} is encrypted and cannot have a public URL`, {
          backend: ctx.name,
        });
      }
      let key = record.key;
      try {
        key ??= await moveToObject(record, options);
      } catch (err) {
        if (isJobStoreError(err, "JOBSTORE_CONCURRENT_MODIFICATION") && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
      return content.presign(key, seconds);
    }
  }

  return {
    getPublicUrl(fileId, expiresInSeconds, options) {
      return publicUrl("file", fileId, expiresInSeconds, options, `file ${fileId}`);
    },
    getSharedPublicUrl(name, expiresInSeconds, options) {
      return publicUrl("shared", name, expiresInSeconds, options, `shared file ${name}`);
    },

    async importFile(url, target, options) {
      const source = await content.openExternal(requireExternalScheme(ctx, url), options);
      if ("sharedFileName" in target) {
        await writeSharedFile(target.sharedFileName, source, content.encryption, options);
      } else {
        await writeFile(target.fileId, source, target.meta, options);
      }
    },

    async exportFile(fileId, url, options) {
      const target = requireExternalScheme(ctx, url);
      const record = await metadata.getRecord("file", fileId, options);
      // A superseded version vanishing under the copy falls back to the read path, which re-reads.
      if (record && (await content.copyOut(record, target, options))) return;
      const { stream } = await openRecord(ctx, "file", fileId, options, `file ${fileId}`);
      await content.uploadExternal(stream, target, options);
    },
  };
}
