import type { Readable } from "node:stream";
import type { ContainerClient } from "@azure/storage-blob";
import { ObjectStoreError } from "@jobstore/object-store";
import { MAX_SYNC_COPY_BYTES } from "./capabilities.js";
import { azureErrorCode, classifyAzureError } from "./classify-error.js";
import type { AzureConnection } from "./connection.js";
import { classifiedStream, externalBlobClient, fetchUrl, parseBlobUrl } from "./external-urls.js";

// Block size and parallel blocks of an upload to a blob outside the container.
const EXTERNAL_BLOCK_BYTES = 8 * 2 ** 20;
const EXTERNAL_UPLOAD_CONCURRENCY = 4;
// How long the source URL of a server-side copy stays valid.
const COPY_SOURCE_SECONDS = 3600;

/**
 * `copyTo`, `openExternal` and `uploadExternal` for blobs named by Azure URLs. Any other `http(s):` URL is
 * read with a plain GET (the job store's generic import) and cannot be written.
 */
export function createExternalTransfers(
  conn: AzureConnection,
  container: ContainerClient,
  presign: (key: string, seconds: number) => Promise<string>,
) {
  const blobOf = (url: URL) => {
    const target = parseBlobUrl(url, conn.endpoint);
    return target && externalBlobClient(conn, target, url);
  };
  return {
    async copyTo(
      key: string,
      target: URL,
      { signal }: { signal?: AbortSignal | undefined },
    ): Promise<boolean> {
      const what = `copy ${key} to ${target.origin}${target.pathname}`;
      const client = blobOf(target);
      if (client === undefined) return false;
      try {
        const source = await container.getBlobClient(key).getProperties({ abortSignal: signal });
        if ((source.contentLength ?? 0) > MAX_SYNC_COPY_BYTES) return false;
        const sourceUrl = await presign(key, COPY_SOURCE_SECONDS).catch(() => undefined);
        if (sourceUrl === undefined) return false;
        await client.syncCopyFromURL(sourceUrl, { abortSignal: signal });
        return true;
      } catch (err) {
        if (azureErrorCode(err) === "BlobNotFound") return false;
        const e = classifyAzureError(err, what, signal);
        if (e.kind === "unsupported") return false;
        throw e;
      }
    },

    async openExternal(source: URL, { signal }: { signal?: AbortSignal | undefined }): Promise<Readable> {
      const client = blobOf(source);
      if (client === undefined) return fetchUrl(source, signal);
      const what = `read ${source.origin}${source.pathname}`;
      try {
        const answer = await client.download(0, undefined, { abortSignal: signal, maxRetryRequests: 5 });
        if (answer.readableStreamBody === undefined) throw new ObjectStoreError("other", `${what}: no body`);
        return classifiedStream(answer.readableStreamBody, what, signal);
      } catch (err) {
        throw classifyAzureError(err, what, signal);
      }
    },

    async uploadExternal(
      target: URL,
      source: Readable,
      { signal }: { signal?: AbortSignal | undefined },
    ): Promise<void> {
      const what = `write ${target.origin}${target.pathname}`;
      const client = blobOf(target);
      if (client === undefined) {
        source.destroy();
        throw new ObjectStoreError("unsupported", `${what}: not an Azure blob URL`);
      }
      try {
        await client.uploadStream(source, EXTERNAL_BLOCK_BYTES, EXTERNAL_UPLOAD_CONCURRENCY, {
          abortSignal: signal,
        });
      } catch (err) {
        throw classifyAzureError(err, what, signal);
      }
    },
  };
}
