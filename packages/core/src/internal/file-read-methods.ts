import { stat } from "node:fs/promises";
import { writeLocalFileAtomically } from "../codec/write-local-file.js";
import { isJobStoreError } from "../errors.js";
import type { FileId, ReadFileOptions, TransferOptions } from "../types.js";
import { throwNoSuchFile } from "./ids.js";
import { type MethodTable, method } from "./method-table.js";
import { type Progress, progressOf } from "./progress.js";
import { opts, type StoreContext } from "./store-context.js";

/** One attempt at putting a file's content at `localPath`, by the backend's fast path when it has one. */
async function readToPath(
  ctx: StoreContext,
  signal: AbortSignal | undefined,
  fileId: FileId,
  localPath: string,
  symlink: boolean,
  progress: Progress | undefined,
): Promise<void> {
  const { backend } = ctx;
  if (backend.readFileToPath) {
    await backend.readFileToPath(fileId, localPath, symlink, opts(signal));
    if (progress) progress.finish((await stat(localPath)).size);
    return;
  }
  const content = await backend.readFile(fileId, opts(signal));
  const stream = progress ? progress.count(content.stream) : content.stream;
  await writeLocalFileAtomically(localPath, stream, content.executable);
  progress?.finish();
}

/** Reads and lookups: `readFile`, `readFileStream`, `deleteFile`, `fileExists`, `getFileSize`. */
export const FILE_READ_METHODS: MethodTable = {
  readFile: method({
    optionsAt: 2,
    lookup: { kind: "fileId", absent: throwNoSuchFile },
    async io(ctx, signal, _p: undefined, fileId: FileId, localPath: string, options?: ReadFileOptions) {
      const progress = progressOf(options);
      const symlink = options?.symlink === true;
      // A checksum mismatch on a path read is retried once: the usual cause is a transient read fault.
      for (let attempt = 1; ; attempt++) {
        try {
          await readToPath(ctx, signal, fileId, localPath, symlink, progress);
          return;
        } catch (err) {
          if (attempt >= 2 || !isJobStoreError(err, "JOBSTORE_CHECKSUM_MISMATCH")) {
            throw progress ? progress.blame(err) : err;
          }
          progress?.restart();
        }
      }
    },
  }),

  readFileStream: method({
    optionsAt: 1,
    lookup: { kind: "fileId", absent: throwNoSuchFile },
    async io(ctx, signal, _p: undefined, fileId: FileId, options?: TransferOptions) {
      const progress = progressOf(options);
      const { stream } = await ctx.backend.readFile(fileId, opts(signal));
      // Progress follows the caller's reading; the last report comes as the stream ends.
      return progress ? progress.count(stream, true) : stream;
    },
  }),

  deleteFile: method({
    optionsAt: 1,
    lookup: { kind: "fileId", absent: () => undefined },
    io: (ctx, signal, _p: undefined, fileId: FileId) => ctx.backend.deleteFile(fileId, opts(signal)),
  }),

  fileExists: method({
    optionsAt: 1,
    lookup: { kind: "fileId", absent: () => false },
    io: (ctx, signal, _p: undefined, fileId: FileId) => ctx.backend.fileExists(fileId, opts(signal)),
  }),

  getFileSize: method({
    optionsAt: 1,
    lookup: { kind: "fileId", absent: () => 0 },
    io: (ctx, signal, _p: undefined, fileId: FileId) => ctx.backend.getFileSize(fileId, opts(signal)),
  }),
};
