import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { writeLocalFileAtomically } from "./codec/write-local-file.js";
import { abortError, JobStoreError } from "./errors.js";

/**
 * A source opened by {@link openUrlSource}.
 *
 * @public
 */
export interface UrlSource {
  /** The bytes. */
  stream: Readable;
  /** Whether the source is an executable local file. */
  executable: boolean;
}

/**
 * Opens a `file:` or `http(s):` URL for reading: the generic import path, used when the backend has no
 * fast path for the scheme.
 *
 * @throws {@link JobStoreError} `JOBSTORE_NO_SUCH_FILE` (missing file, HTTP 404/410),
 * `JOBSTORE_UNAVAILABLE` (other HTTP failures), `JOBSTORE_NOT_SUPPORTED` (another scheme),
 * `JOBSTORE_ABORTED` (`signal` aborted).
 * @example
 * ```ts
 * const { stream } = await openUrlSource(new URL("https://example.org/input.txt"));
 * ```
 * @public
 */
export async function openUrlSource(url: URL, signal?: AbortSignal): Promise<UrlSource> {
  if (url.protocol === "file:") {
    const path = fileURLToPath(url);
    const info = await stat(path).catch((cause: unknown) => {
      throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `cannot import ${url.href}: no such file`, { cause });
    });
    if (!info.isFile())
      throw new JobStoreError("JOBSTORE_NO_SUCH_FILE", `cannot import ${url.href}: not a file`);
    return { stream: createReadStream(path), executable: (info.mode & 0o111) !== 0 };
  }
  if (url.protocol === "http:" || url.protocol === "https:") {
    const response = await fetch(url, signal ? { signal } : {}).catch((cause: unknown) => {
      // An abort is the caller's doing, not a network fault worth retrying.
      if (signal?.aborted) throw abortError(signal);
      throw new JobStoreError("JOBSTORE_UNAVAILABLE", `cannot import ${url.href}: ${String(cause)}`, {
        cause,
      });
    });
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      const missing = response.status === 404 || response.status === 410;
      throw new JobStoreError(
        missing ? "JOBSTORE_NO_SUCH_FILE" : "JOBSTORE_UNAVAILABLE",
        `cannot import ${url.href}: HTTP ${response.status}`,
        { retryable: response.status >= 500 || response.status === 429 },
      );
    }
    return {
      stream: Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
      executable: false,
    };
  }
  throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `cannot import from ${url.protocol} URLs (${url.href})`);
}

/**
 * Writes to a `file:` URL: the generic export path.
 *
 * @throws {@link JobStoreError} `JOBSTORE_NOT_SUPPORTED` for other schemes.
 * @example
 * ```ts
 * await writeUrlDestination(new URL("file:///tmp/result.txt"), stream, false);
 * ```
 * @public
 */
export async function writeUrlDestination(url: URL, source: Readable, executable: boolean): Promise<void> {
  if (url.protocol !== "file:") {
    source.destroy();
    throw new JobStoreError("JOBSTORE_NOT_SUPPORTED", `cannot export to ${url.protocol} URLs (${url.href})`);
  }
  await writeLocalFileAtomically(fileURLToPath(url), source, executable);
}
