import { type Stats, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { JobStoreError } from "../errors.js";
import { isValidBasename } from "./validate.js";

/** What {@link statLocalFile} learnt about a local file. */
export interface LocalFile {
  executable: boolean;
  size: number;
}

/**
 * Checks that `localPath` is a regular file; returns its executable bit and size. Synchronous on
 * purpose: one `stat` of a local path takes microseconds, less than the thread-pool round trip of
 * `fs.promises.stat` (issue 13: it was a visible share of every small `writeFile`).
 */
export function statLocalFile(what: string, localPath: string): LocalFile {
  let info: Stats;
  try {
    info = statSync(localPath);
  } catch (cause) {
    throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `${what}: cannot read local file ${localPath}`, {
      cause,
    });
  }
  if (!info.isFile()) {
    throw new JobStoreError(
      "JOBSTORE_NO_SUCH_FILE",
      `${what}: local path ${localPath} is not a regular file`,
    );
  }
  return { executable: (info.mode & 0o111) !== 0, size: info.size };
}

/**
 * Runs a backend write of `source`, then destroys the stream: a backend that rejects without reading it
 * (a missing file, an abort, a failed precondition) would otherwise leave a file descriptor or an HTTP
 * connection open.
 */
export async function consuming<T>(source: Readable, write: (source: Readable) => Promise<T>): Promise<T> {
  try {
    return await write(source);
  } finally {
    source.destroy();
  }
}

/** The URL's last path segment, when it can serve as a file's basename. */
export function lastSegment(url: URL): string | undefined {
  let segment: string;
  try {
    segment = decodeURIComponent(url.pathname.split("/").pop() ?? "");
  } catch {
    // A stray `%` is legal in a URL path but not a valid escape: keep no name rather than fail the import.
    return undefined;
  }
  return isValidBasename(segment) ? segment : undefined;
}
