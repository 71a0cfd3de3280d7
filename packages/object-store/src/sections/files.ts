import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { CallOptions, JobStoreBackend } from "@jobstore/core";
import { isJobStoreError } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { withContent } from "../metadata/metadata-layer.js";
import { commitContent, noSuchFile, openRecord, qualifiedName } from "./record-content.js";
import { requireStorable } from "./storable-names.js";

// A delete conditional on the version it read retries when an update slips in between, so that it
// deletes the object the record pointed to when it went away (not a superseded one).
const MAX_DELETE_ATTEMPTS = 5;

const label = (fileId: string) => `file ${fileId}`;

type FileMethods = Pick<
  JobStoreBackend,
  "newFileId" | "writeFile" | "updateFile" | "readFile" | "deleteFile" | "fileExists" | "getFileSize"
>;

/**
 * Job files: one record per file (named by its ID), content inline or in an object.
 *
 * @remarks A new file's ID is the metadata layer's own where it makes them, else a random UUID.
 * Costs on `aws:`: a new file is 1 PutAttributes (inline) or 1 PutObject + 1 PutAttributes
 * (below one part); an update adds one consistent GetAttributes first and one DeleteObject of the
 * superseded content. IDs are checked against the metadata layer's limits before any content moves.
 * @throws {@link @jobstore/core!JobStoreError} codes as in `JobStoreBackend`: `JOBSTORE_INVALID_NAME`, `JOBSTORE_NO_SUCH_FILE`,
 * `JOBSTORE_CONCURRENT_MODIFICATION`, `JOBSTORE_CHECKSUM_MISMATCH` (stream error), `JOBSTORE_ABORTED`,
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const files = fileMethods(ctx);
 * await files.writeFile(files.newFileId({}), Readable.from([Buffer.from("hi")]), { cleanup: false, executable: false }, {});
 * ```
 * @internal
 */
export function fileMethods(ctx: StoreContext): FileMethods {
  const { content, metadata } = ctx;
  const { maxIdBytes, inlineContentBytes } = metadata.limits;
  const store = (fileId: string, source: Readable, options: CallOptions) =>
    content.store(
      qualifiedName("file", fileId),
      source,
      content.encryption,
      inlineContentBytes,
      options,
      label(fileId),
    );

  return {
    newFileId(meta) {
      return metadata.newFileId?.(meta) ?? randomUUID();
    },

    async writeFile(fileId, source, meta, options) {
      try {
        requireStorable("file ID", fileId, maxIdBytes, ctx.name);
        requireStorable("job ID", meta.jobId, maxIdBytes, ctx.name);
      } catch (err) {
        source.destroy();
        throw err;
      }
      const stored = await store(fileId, source, options);
      const record = withContent(
        {
          kind: "file",
          name: fileId,
          owner: meta.jobId,
          cleanup: meta.cleanup && meta.jobId !== undefined,
          executable: meta.executable,
          read: false,
          basename: meta.basename,
        },
        stored,
      );
      await commitContent(ctx, record, undefined, undefined, options);
    },

    async updateFile(fileId, source, options) {
      const current = await metadata.getRecord("file", fileId, options).catch((err: unknown) => {
        source.destroy();
        throw err;
      });
      if (!current) {
        source.destroy();
        throw noSuchFile(ctx.name, label(fileId));
      }
      const stored = await store(fileId, source, options);
      await commitContent(ctx, withContent(current, stored), current.version, current.key, options);
    },

    async readFile(fileId, options) {
      const { record, stream } = await openRecord(ctx, "file", fileId, options, label(fileId));
      return { stream, executable: record.executable };
    },

    async deleteFile(fileId, options) {
      for (let attempt = 1; ; attempt++) {
        const record = await metadata.getRecord("file", fileId, options);
        if (!record) return;
        try {
          await metadata.deleteRecord("file", fileId, record.version, options);
        } catch (err) {
          if (isJobStoreError(err, "JOBSTORE_CONCURRENT_MODIFICATION") && attempt < MAX_DELETE_ATTEMPTS)
            continue;
          throw err;
        }
        await content.discard(record.key);
        return;
      }
    },

    async fileExists(fileId, options) {
      return (await metadata.getRecord("file", fileId, options)) !== undefined;
    },

    async getFileSize(fileId, options) {
      return (await metadata.getRecord("file", fileId, options))?.size ?? 0;
    },
  };
}
