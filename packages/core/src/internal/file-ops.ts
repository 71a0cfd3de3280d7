import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename as pathBasename } from "node:path";
import { Readable, type Writable } from "node:stream";
import type { FileContent, FileWriteMeta } from "../backend.js";
import { isJobStoreError, JobStoreError } from "../errors.js";
import type { JobStore } from "../job-store.js";
import type { FileId, PublicUrlOptions, WriteFileOptions } from "../types.js";
import { openUrlSource, writeLocalFileAtomically, writeUrlDestination } from "../url-transfer.js";
import { runCallbackWrite } from "./callback-feed.js";
import { opts, type StoreContext } from "./store-context.js";
import {
  isValidBasename,
  requireBasename,
  requireCallback,
  requireId,
  requireSharedName,
  requireUrl,
} from "./validate.js";

// Toil's promise: a public URL stays valid for at least an hour.
const MIN_URL_SECONDS = 3600;

/** The file, shared-file and URL half of {@link JobStore}. */
export type FileOps = Pick<
  JobStore,
  | "writeFile"
  | "writeFileStream"
  | "getEmptyFileStoreId"
  | "readFile"
  | "readFileStream"
  | "updateFile"
  | "updateFileStream"
  | "deleteFile"
  | "fileExists"
  | "getFileSize"
  | "writeSharedFileStream"
  | "readSharedFileStream"
  | "getPublicUrl"
  | "getSharedPublicUrl"
  | "importFile"
  | "exportFile"
>;

/** Builds the file methods of the front-end over the shared {@link StoreContext}. */
export function createFileOps(ctx: StoreContext): FileOps {
  const { backend, caps, enter, call } = ctx;

  function fileMeta(options: WriteFileOptions | undefined, executable: boolean): FileWriteMeta {
    const jobId = options?.jobId === undefined ? undefined : requireId("jobId", options.jobId);
    return {
      ...(jobId ? { jobId } : {}),
      cleanup: options?.cleanup === true && jobId !== undefined,
      executable,
    };
  }

  function newFileId(
    meta: FileWriteMeta,
    options: WriteFileOptions | undefined,
    fallbackName?: string,
  ): FileId {
    const basename =
      requireBasename(options?.basename) ?? (isValidBasename(fallbackName) ? fallbackName : undefined);
    const jobId = meta.jobId;
    return backend.newFileId({ ...(jobId ? { jobId } : {}), ...(basename ? { basename } : {}) });
  }

  function urlSeconds(options: PublicUrlOptions | undefined): number {
    const seconds = options?.expiresInSeconds ?? MIN_URL_SECONDS;
    if (!Number.isInteger(seconds) || seconds < MIN_URL_SECONDS) {
      throw new RangeError(
        `expiresInSeconds must be an integer of at least ${MIN_URL_SECONDS}, got ${seconds}`,
      );
    }
    if (caps.maxPublicUrlSeconds > 0 && seconds > caps.maxPublicUrlSeconds) {
      throw new RangeError(
        `expiresInSeconds ${seconds} exceeds this backend's limit of ${caps.maxPublicUrlSeconds}`,
      );
    }
    return seconds;
  }

  function requireExistingId(fileId: FileId): void {
    if (fileId === "") throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", 'file "" does not exist');
  }

  function requirePublicUrls(): void {
    if (caps.publicUrls === "none") {
      throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `the ${backend.name} backend has no public URLs`);
    }
  }

  async function openFile(fileId: FileId, signal: AbortSignal | undefined): Promise<FileContent> {
    requireExistingId(fileId);
    return backend.readFile(fileId, opts(signal));
  }

  const ops: FileOps = {
    async writeFile(localPath, options) {
      const signal = enter("writeFile", options);
      const executable = await statLocalFile("writeFile", localPath);
      const meta = fileMeta(options, executable);
      const fileId = newFileId(meta, options, pathBasename(localPath));
      await consuming(createReadStream(localPath), (source) =>
        call("writeFile", signal, () => backend.writeFile(fileId, source, meta, opts(signal))),
      );
      return fileId;
    },

    async writeFileStream(callback, options) {
      const signal = enter("writeFileStream", options);
      requireCallback("writeFileStream", callback);
      const meta = fileMeta(options, false);
      const fileId = newFileId(meta, options);
      await runCallbackWrite(
        (writable: Writable) => callback(writable, fileId),
        (source) =>
          call("writeFileStream", signal, () => backend.writeFile(fileId, source, meta, opts(signal))),
      );
      return fileId;
    },

    async getEmptyFileStoreId(options) {
      const signal = enter("getEmptyFileStoreId", options);
      const meta = fileMeta(options, false);
      const fileId = newFileId(meta, options);
      await call("getEmptyFileStoreId", signal, () =>
        backend.writeFile(fileId, Readable.from([]), meta, opts(signal)),
      );
      return fileId;
    },

    async readFile(fileId, localPath, options) {
      const signal = enter("readFile", options);
      requireId("fileId", fileId);
      // A checksum mismatch on a path read is retried once: the usual cause is a transient read fault.
      for (let attempt = 1; ; attempt++) {
        try {
          await call("readFile", signal, async () => {
            const content = await openFile(fileId, signal);
            await writeLocalFileAtomically(localPath, content.stream, content.executable);
          });
          return;
        } catch (err) {
          if (attempt >= 2 || !isJobStoreError(err, "JOBSTORE_CHECKSUM_MISMATCH")) throw err;
        }
      }
    },

    async readFileStream(fileId, options) {
      const signal = enter("readFileStream", options);
      requireId("fileId", fileId);
      return (await call("readFileStream", signal, () => openFile(fileId, signal))).stream;
    },

    async updateFile(fileId, localPath, options) {
      const signal = enter("updateFile", options);
      requireId("fileId", fileId);
      await statLocalFile("updateFile", localPath);
      requireExistingId(fileId);
      await consuming(createReadStream(localPath), (source) =>
        call("updateFile", signal, () => backend.updateFile(fileId, source, opts(signal))),
      );
    },

    async updateFileStream(fileId, callback, options) {
      const signal = enter("updateFileStream", options);
      requireId("fileId", fileId);
      requireCallback("updateFileStream", callback);
      requireExistingId(fileId);
      await runCallbackWrite(callback, (source) =>
        call("updateFileStream", signal, () => backend.updateFile(fileId, source, opts(signal))),
      );
    },

    async deleteFile(fileId, options) {
      const signal = enter("deleteFile", options);
      requireId("fileId", fileId);
      if (fileId !== "") await call("deleteFile", signal, () => backend.deleteFile(fileId, opts(signal)));
    },

    async fileExists(fileId, options) {
      const signal = enter("fileExists", options);
      requireId("fileId", fileId);
      return (
        fileId !== "" && (await call("fileExists", signal, () => backend.fileExists(fileId, opts(signal))))
      );
    },

    async getFileSize(fileId, options) {
      const signal = enter("getFileSize", options);
      requireId("fileId", fileId);
      return fileId === "" ? 0 : call("getFileSize", signal, () => backend.getFileSize(fileId, opts(signal)));
    },

    async writeSharedFileStream(name, callback, options) {
      const signal = enter("writeSharedFileStream", options);
      requireSharedName(name);
      requireCallback("writeSharedFileStream", callback);
      const encrypted = options?.encrypted ?? caps.encryption;
      if (encrypted && !caps.encryption) {
        throw new JobStoreError(
          "JOBSTORE_ENCRYPTION",
          `shared file ${name}: encryption asked for but no key is configured`,
        );
      }
      await runCallbackWrite(callback, (source) =>
        call("writeSharedFileStream", signal, () =>
          backend.writeSharedFile(name, source, encrypted, opts(signal)),
        ),
      );
    },

    async readSharedFileStream(name, options) {
      const signal = enter("readSharedFileStream", options);
      requireSharedName(name);
      return call("readSharedFileStream", signal, () => backend.readSharedFile(name, opts(signal)));
    },

    async getPublicUrl(fileId, options) {
      const signal = enter("getPublicUrl", options);
      requireId("fileId", fileId);
      const seconds = urlSeconds(options);
      requirePublicUrls();
      requireExistingId(fileId);
      return call("getPublicUrl", signal, () => backend.getPublicUrl(fileId, seconds, opts(signal)));
    },

    async getSharedPublicUrl(name, options) {
      const signal = enter("getSharedPublicUrl", options);
      requireSharedName(name);
      const seconds = urlSeconds(options);
      requirePublicUrls();
      return call("getSharedPublicUrl", signal, () =>
        backend.getSharedPublicUrl(name, seconds, opts(signal)),
      );
    },

    async importFile(url, options) {
      const signal = enter("importFile", options);
      const parsed = requireUrl(url);
      const shared =
        options?.sharedFileName === undefined ? undefined : requireSharedName(options.sharedFileName);
      // Every option is checked before a source is opened, so a bad one leaves no stream behind.
      const meta = shared === undefined ? fileMeta(options, false) : undefined;
      const fileId = meta && newFileId(meta, options, lastSegment(parsed));
      if (backend.importFile && caps.importSchemes.includes(parsed.protocol.slice(0, -1))) {
        const target = fileId !== undefined && meta ? { fileId, meta } : { sharedFileName: shared as string };
        await call("importFile", signal, () => backend.importFile!(parsed, target, opts(signal)));
        return fileId;
      }
      const source = await call("importFile", signal, () => openUrlSource(parsed, signal));
      await consuming(source.stream, (stream) =>
        call("importFile", signal, () =>
          fileId !== undefined && meta
            ? backend.writeFile(fileId, stream, { ...meta, executable: source.executable }, opts(signal))
            : backend.writeSharedFile(shared as string, stream, caps.encryption, opts(signal)),
        ),
      );
      return fileId;
    },

    async exportFile(fileId, url, options) {
      const signal = enter("exportFile", options);
      requireId("fileId", fileId);
      const parsed = requireUrl(url);
      requireExistingId(fileId);
      const scheme = parsed.protocol.slice(0, -1);
      if (backend.exportFile && caps.exportSchemes.includes(scheme)) {
        await call("exportFile", signal, () => backend.exportFile!(fileId, parsed, opts(signal)));
        return;
      }
      if (parsed.protocol !== "file:") {
        throw new JobStoreError(
          "JOBSTORE_NOT_SUPPORTED",
          `cannot export to ${parsed.protocol} URLs (${parsed.href})`,
        );
      }
      await call("exportFile", signal, async () => {
        const content = await openFile(fileId, signal);
        await writeUrlDestination(parsed, content.stream, content.executable);
      });
    },
  };
  return ops;
}

/** Checks that `localPath` is a readable regular file; returns its executable bit. */
async function statLocalFile(what: string, localPath: string): Promise<boolean> {
  const info = await stat(localPath).catch((cause: unknown) => {
    throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `${what}: cannot read local file ${localPath}`, {
      cause,
    });
  });
  if (!info.isFile()) {
    throw new JobStoreError(
      "JOBSTORE_NO_SUCH_FILE",
      `${what}: local path ${localPath} is not a regular file`,
    );
  }
  return (info.mode & 0o111) !== 0;
}

/**
 * Runs a backend write of `source`, then destroys the stream: a backend that rejects without reading it
 * (a missing file, an abort, a failed precondition) would otherwise leave a file descriptor or an HTTP
 * connection open.
 */
async function consuming<T>(source: Readable, write: (source: Readable) => Promise<T>): Promise<T> {
  try {
    return await write(source);
  } finally {
    source.destroy();
  }
}

/** The URL's last path segment, when it can serve as a file's basename. */
function lastSegment(url: URL): string | undefined {
  let segment: string;
  try {
    segment = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  } catch {
    // A stray `%` is legal in a URL path but not a valid escape: keep no name rather than fail the import.
    return undefined;
  }
  return isValidBasename(segment) ? segment : undefined;
}
