import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { DeleteAttributesCommand, isSimpleDbError } from "@jobstore/client-simpledb";
import type { CallOptions, FileContent, FileId, FileWriteMeta } from "@jobstore/core";
import { type AwsContext, sendOptions } from "../context.js";
import { mapAwsError } from "../map-error.js";
import { commitContent, expectVersion } from "./commit-content.js";
import { openItem } from "./content-reader.js";
import { discardObject, storeContent } from "./content-writer.js";
import { fileAttributes } from "./file-items.js";
import { loadRecord, noSuchFile } from "./records.js";

// A delete conditional on the version it read retries when an update slips in between, so that it
// deletes the S3 object the item pointed to when it went away (not a superseded one).
const MAX_DELETE_ATTEMPTS = 5;

const label = (fileId: FileId) => `file ${fileId}`;

/**
 * The job-file methods of the SPI on one {@link AwsContext}.
 *
 * @internal
 */
export interface JobFileOps {
  newFileId(meta: { jobId?: string; basename?: string }): FileId;
  writeFile(fileId: FileId, source: Readable, meta: FileWriteMeta, options: CallOptions): Promise<void>;
  updateFile(fileId: FileId, source: Readable, options: CallOptions): Promise<void>;
  readFile(fileId: FileId, options: CallOptions): Promise<FileContent>;
  deleteFile(fileId: FileId, options: CallOptions): Promise<void>;
  fileExists(fileId: FileId, options: CallOptions): Promise<boolean>;
  getFileSize(fileId: FileId, options: CallOptions): Promise<number>;
}

/**
 * Job files: one item per file (named by its ID) in the files domain, content inline or in S3.
 *
 * @remarks Costs: a new file is 1 PutAttributes (inline) or 1 PutObject + 1 PutAttributes (below one
 * part); an update adds one consistent GetAttributes first and one DeleteObject of the superseded content.
 * @throws {@link @jobstore/core!JobStoreError} codes as in `JobStoreBackend`: `JOBSTORE_NO_SUCH_FILE`,
 * `JOBSTORE_CONCURRENT_MODIFICATION`, `JOBSTORE_CHECKSUM_MISMATCH` (stream error), `JOBSTORE_ABORTED`,
 * `JOBSTORE_NO_SUCH_STORE`, `JOBSTORE_UNAVAILABLE`.
 * @example
 * ```ts
 * const ops = createJobFileOps(ctx);
 * const id = ops.newFileId({});
 * await ops.writeFile(id, Readable.from([Buffer.from("hi")]), { cleanup: false, executable: false }, {});
 * ```
 * @internal
 */
export function createJobFileOps(ctx: AwsContext): JobFileOps {
  return {
    newFileId() {
      return randomUUID();
    },

    async writeFile(fileId, source, meta, options) {
      const content = await storeContent(
        ctx,
        fileId,
        source,
        ctx.encryptionKey !== undefined,
        options,
        label(fileId),
      );
      await commitContent(
        ctx,
        fileId,
        fileAttributes(meta),
        content,
        expectVersion(undefined),
        undefined,
        options,
        label(fileId),
      );
    },

    async updateFile(fileId, source, options) {
      const current = await loadRecord(ctx, fileId, "file", options, label(fileId)).catch((err: unknown) => {
        source.destroy();
        throw err;
      });
      if (!current) {
        source.destroy();
        throw noSuchFile(label(fileId));
      }
      const content = await storeContent(
        ctx,
        fileId,
        source,
        ctx.encryptionKey !== undefined,
        options,
        label(fileId),
      );
      await commitContent(
        ctx,
        fileId,
        { kind: "file" },
        content,
        expectVersion(current.version),
        current.key,
        options,
        label(fileId),
      );
    },

    async readFile(fileId, options) {
      const { record, stream } = await openItem(ctx, fileId, "file", options, label(fileId));
      return { stream, executable: record.executable };
    },

    async deleteFile(fileId, options) {
      for (let attempt = 1; ; attempt++) {
        const record = await loadRecord(ctx, fileId, "file", options, label(fileId));
        if (!record) return;
        try {
          await ctx.sdb.send(
            new DeleteAttributesCommand({
              DomainName: ctx.names.filesDomain,
              ItemName: fileId,
              Expected: expectVersion(record.version),
            }),
            sendOptions(options),
          );
        } catch (err) {
          const raced =
            isSimpleDbError(err, "ConditionalCheckFailed") || isSimpleDbError(err, "AttributeDoesNotExist");
          if (raced && attempt < MAX_DELETE_ATTEMPTS) continue;
          throw mapAwsError(err, `delete ${label(fileId)}`);
        }
        await discardObject(ctx, record.key);
        return;
      }
    },

    async fileExists(fileId, options) {
      return (await loadRecord(ctx, fileId, "file", options, label(fileId))) !== undefined;
    },

    async getFileSize(fileId, options) {
      return (await loadRecord(ctx, fileId, "file", options, label(fileId)))?.size ?? 0;
    },
  };
}
