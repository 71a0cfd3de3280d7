import { type JobStoreBackend, throwIfAborted } from "@jobstore/core";
import { commitBytes, plaintextView } from "./content-bytes.js";
import { fileRecord, noSuchFile, replaceContent } from "./file-records.js";
import { type Handle, memoryError } from "./handle.js";
import { readLocalFile, writeLocalFileAtomic } from "./local-files.js";
import { requireStore, type StoreState } from "./store-registry.js";

type PathMethods = Required<
  Pick<JobStoreBackend, "writeFileFromPath" | "updateFileFromPath" | "readFileToPath">
>;

/** Reads the local source; a file that vanished since the front end checked it is `JOBSTORE_NO_SUCH_FILE`. */
async function readSource(localPath: string): Promise<Buffer> {
  try {
    return await readLocalFile(localPath);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") {
      throw memoryError("JOBSTORE_NO_SUCH_FILE", `cannot read local file ${localPath}`, cause);
    }
    throw cause;
  }
}

/** The store again after an await: one destroyed meanwhile must not receive the write. */
function sameStore(handle: Handle, store: StoreState): void {
  if (requireStore(handle.storeName) !== store) {
    throw memoryError(
      "JOBSTORE_NO_SUCH_STORE",
      `the memory store ${JSON.stringify(handle.storeName)} was destroyed`,
    );
  }
}

/**
 * The local-path fast paths: a local file moves into the volume as one buffer (one read, one write into
 * memfs) and out of it as one buffer (one copy out, one write of a temp file, one rename).
 */
export function pathMethods(handle: Handle): PathMethods {
  return {
    async writeFileFromPath(fileId, localPath, meta, options) {
      const store = requireStore(handle.storeName);
      const bytes = await readSource(localPath);
      throwIfAborted(options.signal);
      sameStore(handle, store);
      const previous = store.files.get(fileId);
      store.files.set(fileId, fileRecord(fileId, meta, commitBytes(store, bytes, handle.key)));
      if (previous) store.fs.unlinkSync(previous.path);
    },

    async updateFileFromPath(fileId, localPath, options) {
      const store = requireStore(handle.storeName);
      const before = store.files.get(fileId);
      if (!before) throw noSuchFile(fileId);
      const bytes = await readSource(localPath);
      throwIfAborted(options.signal);
      sameStore(handle, store);
      replaceContent(store, fileId, before, "updateFile", () => commitBytes(store, bytes, handle.key));
    },

    async readFileToPath(fileId, localPath, _symlink, options) {
      const store = requireStore(handle.storeName);
      const file = store.files.get(fileId);
      if (!file) throw noSuchFile(fileId);
      const bytes = plaintextView(store, file, handle.key, `file ${JSON.stringify(fileId)}`);
      throwIfAborted(options.signal);
      await writeLocalFileAtomic(localPath, bytes, file.executable);
    },
  };
}
