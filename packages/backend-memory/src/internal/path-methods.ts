import { type JobStoreBackend, throwIfAborted, writeLocalFileAtomically } from "@jobstore/core";
import { removeQuietly } from "./content.js";
import { commitBytes, plaintextView } from "./content-bytes.js";
import { fileRecord, noSuchFile, replaceContent } from "./file-records.js";
import { type Handle, memoryError } from "./handle.js";
import { commitLocalFile } from "./local-commit.js";
import { readLocalFile } from "./local-files.js";
import { type ContentRecord, findStore, requireStore, type StoreState } from "./store-registry.js";

type PathMethods = Required<
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
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") {
      throw memoryError("JOBSTORE_NO_SUCH_FILE", `cannot read local file ${localPath}`, cause);
    }
    throw cause;
  }
}

/**
 * Drops content committed for a call that must not land after all: its signal fired, or the store was
 * destroyed meanwhile (a write never lands in a store that no longer exists, or in its successor).
 */
function requireStillWanted(
  handle: Handle,
  store: StoreState,
  content: ContentRecord,
  signal?: AbortSignal,
): void {
  if (!signal?.aborted && findStore(handle.storeName) === store) return;
  removeQuietly(store, content.path);
  throwIfAborted(signal);
  throw memoryError(
    "JOBSTORE_NO_SUCH_STORE",
    `the memory store ${JSON.stringify(handle.storeName)} was destroyed`,
  );
}

/**
 * The local-path fast paths: a local file moves into the volume with one copy (read by the kernel
 * straight into the volume's buffer) and out of it with none of ours (the stored bytes are written to a
 * temp file, then renamed).
 */
export function pathMethods(handle: Handle): PathMethods {
  return {
    async writeFileFromPath(fileId, localPath, meta, options) {
      const store = requireStore(handle.storeName);
      const content = await commitSource(store, localPath, handle.key);
      requireStillWanted(handle, store, content, options.signal);
      const previous = store.files.get(fileId);
      store.files.set(fileId, fileRecord(fileId, meta, content));
      if (previous) removeQuietly(store, previous.path);
    },

    async updateFileFromPath(fileId, localPath, options) {
      const store = requireStore(handle.storeName);
      const before = store.files.get(fileId);
      if (!before) throw noSuchFile(fileId);
      const content = await commitSource(store, localPath, handle.key);
      requireStillWanted(handle, store, content, options.signal);
      replaceContent(store, fileId, before, "updateFile", content);
    },

    async readFileToPath(fileId, localPath, _symlink, options) {
      const store = requireStore(handle.storeName);
      const file = store.files.get(fileId);
      if (!file) throw noSuchFile(fileId);
      const bytes = plaintextView(file, handle.key, `file ${JSON.stringify(fileId)}`);
      throwIfAborted(options.signal);
      await writeLocalFileAtomically(localPath, bytes, file.executable);
    },
  };
}
