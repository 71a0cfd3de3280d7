import { type JobStoreBackend, throwIfAborted, writeLocalFileAtomically } from "@jobstore/core";
import type { StoreContext } from "../context.js";
import { localReadError, memoryError, noSuchFile } from "../errors.js";
import { removeQuietly } from "../storage/content.js";
import { commitBytes, plaintextView } from "../storage/content-bytes.js";
import { fileRecord, replaceContent } from "../storage/file-records.js";
import { commitLocalFile } from "../storage/local-commit.js";
import { readLocalFile } from "../storage/local-files.js";
import { type ContentRecord, findStore, requireStore, type StoreState } from "../storage/store-registry.js";

type LocalPathMethods = Required<
  Pick<JobStoreBackend, "writeFileFromPath" | "updateFileFromPath" | "readFileToPath">
>;

/**
 * Stores a local file as a new version: straight into the volume when unencrypted, through one buffer
 * and the cipher otherwise. A file that vanished since the front end checked it is
 * `JOBSTORE_NO_SUCH_FILE`.
 */
async function commitSource(
  store: StoreState,
  localPath: string,
  key: Buffer | undefined,
): Promise<ContentRecord> {
  try {
    return key
      ? commitBytes(store, await readLocalFile(localPath), key)
      : await commitLocalFile(store, localPath);
  } catch (cause) {
    throw localReadError(cause, localPath);
  }
}

/**
 * Drops content committed for a call that must not land after all: its signal fired, or the store was
 * destroyed meanwhile (a write never lands in a store that no longer exists, or in its successor).
 */
function requireStillWanted(
  ctx: StoreContext,
  store: StoreState,
  content: ContentRecord,
  signal?: AbortSignal,
): void {
  if (!signal?.aborted && findStore(ctx.storeName) === store) return;
  removeQuietly(store, content.path);
  throwIfAborted(signal);
  throw memoryError(
    "JOBSTORE_NO_SUCH_STORE",
    `the memory store ${JSON.stringify(ctx.storeName)} was destroyed`,
  );
}

/**
 * The local-path fast paths: a local file moves into the volume with one copy (read by the kernel
 * straight into the volume's buffer) and out of it with none of ours (the stored bytes are written to a
 * temp file, then renamed).
 */
export function localPathMethods(ctx: StoreContext): LocalPathMethods {
  return {
    async writeFileFromPath(fileId, localPath, meta, options) {
      const store = requireStore(ctx.storeName);
      const content = await commitSource(store, localPath, ctx.key);
      requireStillWanted(ctx, store, content, options.signal);
      const previous = store.files.get(fileId);
      store.files.set(fileId, fileRecord(fileId, meta, content));
      if (previous) removeQuietly(store, previous.path);
    },

    async updateFileFromPath(fileId, localPath, options) {
      const store = requireStore(ctx.storeName);
      const before = store.files.get(fileId);
      if (!before) throw noSuchFile(fileId);
      const content = await commitSource(store, localPath, ctx.key);
      requireStillWanted(ctx, store, content, options.signal);
      replaceContent(store, fileId, before, "updateFile", content);
    },

    async readFileToPath(fileId, localPath, _symlink, options) {
      const store = requireStore(ctx.storeName);
      const file = store.files.get(fileId);
      if (!file) throw noSuchFile(fileId);
      const bytes = plaintextView(file, ctx.key, `file ${JSON.stringify(fileId)}`);
      throwIfAborted(options.signal);
      await writeLocalFileAtomically(localPath, bytes, file.executable);
    },
  };
}
