import { PassThrough, Readable } from "node:stream";
import { BlockBlobClient, newPipeline } from "@azure/storage-blob";
import { ObjectStoreError } from "@jobstore/object-store";
import { classifyAzureError } from "./classify-error.js";
import type { AzureConnection } from "./connection.js";

/**
 * A blob named by a URL: `https://<account>.blob.core.windows.net/<container>/<blob>` (any Azure cloud's
 * `.blob.core.` host), or the path-style form on the adapter's own endpoint (an emulator or custom
 * endpoint), `http://127.0.0.1:10000/<account>/<container>/<blob>`.
 */
export interface BlobUrl {
  account: string;
  container: string;
  blob: string;
  /** The URL's query: a SAS token, when it carries one. */
  sas: string;
}

const AZURE_HOST = /^([a-z0-9]{3,24})\.blob\.core\.[a-z.]+$/;

/** The blob a URL names, or `undefined` when it is not a blob URL this adapter knows. */
export function parseBlobUrl(url: URL, ownEndpoint: string): BlobUrl | undefined {
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const segments = url.pathname.split("/").slice(1).map(decodeURIComponent);
  const host = AZURE_HOST.exec(url.hostname);
  // Path-style only on our own endpoint's host: any other loopback URL is a plain HTTP server.
  const parts = host ? [host[1], ...segments] : url.host === new URL(ownEndpoint).host ? segments : undefined;
  const [account, container, ...blob] = parts ?? [];
  if (!account || !container || blob.length === 0 || blob.join("/") === "") return undefined;
  return { account, container, blob: blob.join("/"), sas: url.search };
}

/**
 * A client for a blob outside the container: anonymous with the URL's own SAS token when it has one,
 * else through our own clients when it is in our account, else with our Microsoft Entra credential.
 */
export function externalBlobClient(conn: AzureConnection, target: BlobUrl, url: URL): BlockBlobClient {
  if (/[?&]sig=/.test(target.sas)) return new BlockBlobClient(url.toString(), newPipeline());
  if (target.account === conn.account) {
    return conn.service.getContainerClient(target.container).getBlockBlobClient(target.blob);
  }
  if (conn.token) return new BlockBlobClient(url.toString(), newPipeline(conn.token));
  throw new ObjectStoreError(
    "auth",
    `no credential for storage account "${target.account}" (${conn.source} is for "${conn.account}"); ` +
      "give the URL a SAS token",
  );
}

/** A stream whose errors arrive classified, and which stops `body` when the reader stops. */
export function classifiedStream(body: NodeJS.ReadableStream, what: string, signal?: AbortSignal): Readable {
  const source = body as Readable;
  const out = new PassThrough();
  source.on("error", (err) => out.destroy(classifyAzureError(err, what, signal)));
  out.on("close", () => {
    if (!source.readableEnded) source.destroy();
  });
  source.pipe(out);
  return out;
}

/** A plain GET of a URL that is not a blob URL (the job store's generic `http(s):` import). */
export async function fetchUrl(url: URL, signal: AbortSignal | undefined): Promise<Readable> {
  let answer: Response;
  try {
    answer = await fetch(url, { signal });
  } catch (err) {
    throw new ObjectStoreError(
      signal?.aborted ? "aborted" : "transient",
      `GET ${url.origin}${url.pathname}`,
      {
        cause: err,
      },
    );
  }
  if (!answer.ok || answer.body === null) {
    await answer.body?.cancel();
    const kind = answer.status === 404 ? "missing" : answer.status >= 500 ? "transient" : "other";
    throw new ObjectStoreError(kind, `GET ${url.origin}${url.pathname}: HTTP ${answer.status}`, {
      status: answer.status,
    });
  }
  return Readable.fromWeb(answer.body as import("node:stream/web").ReadableStream<Uint8Array>, { signal });
}
