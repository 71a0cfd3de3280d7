import { createReadStream } from "node:fs";
import { basename as pathBasename } from "node:path";
import { Readable, type Writable } from "node:stream";
import type { FileWriteMeta } from "../backend.js";
import { JobStoreError } from "../errors.js";
import type {
  FileId,
  RestoreFileOptions,
  TransferOptions,
  WriteCallback,
  WriteFileOptions,
} from "../types.js";
import { runCallbackWrite } from "./callback-feed.js";
import { fileMetaOf, newFileId, planFile } from "./file-meta.js";
import { callerCode } from "./guard.js";
import { requireStorableId, throwNoSuchFile } from "./ids.js";
import { consuming, statLocalFile } from "./local-files.js";
import { type MethodTable, method } from "./method-table.js";
import { type Progress, progressOf } from "./progress.js";
import { opts, type StoreContext } from "./store-context.js";
import { requireCallback } from "./validate.js";

/** Streams what `callback` writes into a backend write of a new file. */
async function writeFromCallback(
  ctx: StoreContext,
  signal: AbortSignal | undefined,
  fileId: FileId,
  meta: FileWriteMeta,
  callback: WriteCallback,
  options: TransferOptions | undefined,
): Promise<void> {
  const progress = progressOf(options);
  try {
    await runCallbackWrite(
      (writable: Writable) => callerCode(() => callback(writable, fileId)),
      (source) => ctx.backend.writeFile(fileId, counted(source, progress), meta, opts(signal)),
    );
    progress?.finish();
  } catch (err) {
    throw progress ? progress.blame(err) : err;
  }
}

/** Stores the local file `localPath` as `fileId`, by the backend's fast path when it has one. */
async function writeFromPath(
  ctx: StoreContext,
  signal: AbortSignal | undefined,
  fileId: FileId,
  localPath: string,
  meta: FileWriteMeta,
  progress: Progress | undefined,
  size: number,
): Promise<void> {
  const { backend } = ctx;
  if (backend.writeFileFromPath) {
    await backend.writeFileFromPath(fileId, localPath, meta, opts(signal));
  } else {
    await consuming(createReadStream(localPath), (source) =>
      backend.writeFile(fileId, counted(source, progress), meta, opts(signal)),
    );
  }
  progress?.finish(size);
}

/** `source`, counted when the caller asked for progress. */
function counted(source: Readable, progress: Progress | undefined): Readable {
  return progress ? progress.count(source) : source;
}

/** New files and updates: `writeFile`, `writeFileStream`, `getEmptyFileStoreId`, `restoreFileStream`, updates. */
export const FILE_WRITE_METHODS: MethodTable = {
  writeFile: method({
    optionsAt: 1,
    check: (ctx: StoreContext, _localPath: string, options?: WriteFileOptions) => planFile(ctx, options),
    async io(ctx, signal, plan, localPath, options) {
      const local = statLocalFile("writeFile", localPath);
      const progress = progressOf(options, local.size);
      const meta = fileMetaOf(plan, local.executable, pathBasename(localPath));
      const fileId = newFileId(ctx, meta);
      try {
        await writeFromPath(ctx, signal, fileId, localPath, meta, progress, local.size);
      } catch (err) {
        throw progress ? progress.blame(err) : err;
      }
      return fileId;
    },
  }),

  writeFileStream: method({
    optionsAt: 1,
    check: (ctx: StoreContext, callback: WriteCallback, options?: WriteFileOptions) => {
      requireCallback("writeFileStream", callback);
      return planFile(ctx, options);
    },
    async io(ctx, signal, plan, callback, options) {
      const meta = fileMetaOf(plan, false);
      const fileId = newFileId(ctx, meta);
      await writeFromCallback(ctx, signal, fileId, meta, callback, options);
      return fileId;
    },
  }),

  getEmptyFileStoreId: method({
    optionsAt: 0,
    check: (ctx: StoreContext, options?: WriteFileOptions) => planFile(ctx, options),
    async io(ctx, signal, plan, options) {
      const meta = fileMetaOf(plan, false);
      const fileId = newFileId(ctx, meta);
      const progress = progressOf(options, 0);
      await ctx.backend.writeFile(fileId, Readable.from([]), meta, opts(signal));
      progress?.finish(0);
      return fileId;
    },
  }),

  restoreFileStream: method({
    optionsAt: 2,
    check: (ctx: StoreContext, fileId: FileId, callback: WriteCallback, options?: RestoreFileOptions) => {
      requireStorableId(ctx.caps, "fileId", fileId);
      requireCallback("restoreFileStream", callback);
      return fileMetaOf(planFile(ctx, options), options?.executable === true);
    },
    async io(ctx, signal, meta, fileId, callback, options) {
      // Best effort against a concurrent restore of the same ID: restoring is a one-writer job.
      if (await ctx.backend.fileExists(fileId, opts(signal))) {
        throw new JobStoreError("JOBSTORE_EXISTS", `restoreFileStream: file ${fileId} exists already`);
      }
      await writeFromCallback(ctx, signal, fileId, meta, callback, options);
    },
  }),

  updateFile: method({
    optionsAt: 2,
    lookup: { kind: "fileId", absent: throwNoSuchFile },
    async io(
      ctx,
      signal,
      _prepared: undefined,
      fileId: FileId,
      localPath: string,
      options?: TransferOptions,
    ) {
      const { backend } = ctx;
      const local = statLocalFile("updateFile", localPath);
      const progress = progressOf(options, local.size);
      try {
        if (backend.updateFileFromPath) {
          await backend.updateFileFromPath(fileId, localPath, opts(signal));
        } else {
          await consuming(createReadStream(localPath), (source) =>
            backend.updateFile(fileId, counted(source, progress), opts(signal)),
          );
        }
        progress?.finish(local.size);
      } catch (err) {
        throw progress ? progress.blame(err) : err;
      }
    },
  }),

  updateFileStream: method({
    optionsAt: 2,
    lookup: { kind: "fileId", absent: throwNoSuchFile },
    check: (
      _ctx: StoreContext,
      _fileId: FileId,
      callback: (writable: Writable) => unknown,
      _options?: TransferOptions,
    ) => {
      requireCallback("updateFileStream", callback);
    },
    async io(ctx, signal, _prepared, fileId, callback, options) {
      const progress = progressOf(options);
      try {
        await runCallbackWrite(
          (writable: Writable) => callerCode(() => callback(writable)),
          (source) => ctx.backend.updateFile(fileId, counted(source, progress), opts(signal)),
        );
        progress?.finish();
      } catch (err) {
        throw progress ? progress.blame(err) : err;
      }
    },
  }),
};
