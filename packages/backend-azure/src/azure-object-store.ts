import { BlobSASPermissions, generateBlobSASQueryParameters } from "@azure/storage-blob";
import {
  type ByteRange,
  type ObjectBytes,
  type ObjectInfo,
  type ObjectStore,
  ObjectStoreError,
  type ObjectStream,
} from "@jobstore/object-store";
import { abortBlocks, beginBlocks, commitBlocks, listUncommitted, stageBlock } from "./block-uploads.js";
import { AZURE_CAPABILITIES, LIST_PAGE_SIZE, MAX_PRESIGN_SECONDS } from "./capabilities.js";
import { azureErrorCode, classifyAzureError } from "./classify-error.js";
import { type AzureWriteRetry, bareTag, writeConditionally } from "./conditional-write.js";
import { type AzureConnection, type AzureCredentialOptions, resolveConnection } from "./connection.js";
import { deleteBlobs } from "./delete-blobs.js";
import { createExternalTransfers } from "./external-transfers.js";
import { classifiedStream } from "./external-urls.js";
import { checkContainerName } from "./names.js";

/**
 * Options of {@link createAzureObjectStore}.
 *
 * @public
 */
export interface AzureObjectStoreOptions extends AzureCredentialOptions {
  /** The storage account. */
  account: string;
  /** The container, under Azure's naming rules. */
  container: string;
  /** Retries: the SDK's policy for idempotent requests, the adapter's own loop for conditional writes. */
  retry?: AzureWriteRetry | undefined;
  /**
   * Most blobs one listing request asks for: 1 to 5000 (default 5000, Azure's maximum), declared as
   * `capabilities.listPageSize`. Smaller pages cost more requests; the contract tests use them to check
   * paging without writing 5001 blobs.
   */
  listPageSize?: number | undefined;
}

function checkListPageSize(size: number | undefined): number {
  if (size === undefined) return LIST_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > LIST_PAGE_SIZE) {
    throw new RangeError(`listPageSize must be an integer from 1 to ${LIST_PAGE_SIZE}, got ${size}`);
  }
  return size;
}

// Clock skew between this host and Azure: a SAS that starts "now" may be refused by a server behind us.
const SAS_START_SKEW_MS = 5 * 60_000;

function sizeOf(contentRange: string | undefined, contentLength: number | undefined): number {
  const total = contentRange ? /\/(\d+)$/.exec(contentRange)?.[1] : undefined;
  return total === undefined ? (contentLength ?? 0) : Number(total);
}

/**
 * Creates the `ObjectStore` adapter for one container of Azure Blob Storage: block blobs, conditions as
 * Azure answers them (`If-None-Match: *` → 409 `BlobAlreadyExists`, `If-Match` → 412 `ConditionNotMet`),
 * uploads as staged blocks committed by one conditional `commitBlockList`, batch deletes, read-only SAS
 * URLs, server-side copy. No I/O until the first call.
 *
 * @throws {@link @jobstore/core!JobStoreError} `JOBSTORE_INVALID_LOCATOR` for a container name Azure would
 * refuse or credentials of another account; `JOBSTORE_UNAVAILABLE` (not retryable) for a connection
 * string that does not parse.
 * @example
 * ```ts
 * const objects = createAzureObjectStore({ account: "devstoreaccount1", container: "my-run" });
 * await objects.put("a", Buffer.from("hello"), { ifNoneMatch: "*" }, {});
 * ```
 * @public
 */
export function createAzureObjectStore(options: AzureObjectStoreOptions): ObjectStore {
  checkContainerName(options.container, `${options.account}:${options.container}`);
  const pageSize = checkListPageSize(options.listPageSize);
  const retry = options.retry ?? {};
  const conn = resolveConnection(options.account, options, {
    maxTries: retry.maxTries ?? 4,
    retryDelayInMs: retry.retryDelayMs ?? 800,
    maxRetryDelayInMs: retry.maxRetryDelayMs ?? 16_000,
  });
  const container = conn.service.getContainerClient(options.container);
  const writes = conn.writes.getContainerClient(options.container);
  const uploads = { service: container, writes, retry, pageSize };
  const fail = (err: unknown, what: string, signal?: AbortSignal) => {
    const e = classifyAzureError(err, what, signal);
    if (e.kind === "auth") e.message += ` (credentials from ${conn.source})`;
    return e;
  };

  async function download(key: string, range: ByteRange | undefined, signal?: AbortSignal) {
    const offset = range?.start ?? 0;
    const count = range === undefined ? undefined : range.end - range.start + 1;
    try {
      const answer = await container.getBlobClient(key).download(offset, count, {
        abortSignal: signal,
        maxRetryRequests: 5,
      });
      const body = answer.readableStreamBody;
      if (body === undefined) throw new ObjectStoreError("other", `read ${key}: no body`);
      return { body, tag: bareTag(answer.etag), size: sizeOf(answer.contentRange, answer.contentLength) };
    } catch (err) {
      if (azureErrorCode(err) === "BlobNotFound") return undefined;
      throw fail(err, `read ${key}`, signal);
    }
  }

  async function open(key: string, options: { signal?: AbortSignal | undefined; range?: ByteRange }) {
    const found = await download(key, options.range, options.signal);
    if (found === undefined) return undefined;
    const body = classifiedStream(found.body, `read ${key}`, options.signal);
    return { body, tag: found.tag, size: found.size } satisfies ObjectStream;
  }

  return {
    name: "azure",
    container: options.container,
    capabilities:
      pageSize === LIST_PAGE_SIZE
        ? AZURE_CAPABILITIES
        : Object.freeze({ ...AZURE_CAPABILITIES, listPageSize: pageSize }),

    async describe() {
      return `container ${options.container} at ${conn.endpoint}`;
    },

    async get(key, { signal, range }): Promise<ObjectBytes | undefined> {
      const found = await open(key, { signal, range });
      if (found === undefined) return undefined;
      const chunks: Buffer[] = [];
      for await (const chunk of found.body) chunks.push(chunk as Buffer);
      return { body: Buffer.concat(chunks), tag: found.tag, size: found.size };
    },

    open,

    async head(key, { signal }): Promise<ObjectInfo | undefined> {
      try {
        const p = await container.getBlobClient(key).getProperties({ abortSignal: signal });
        return { key, tag: bareTag(p.etag), size: p.contentLength ?? 0, lastModified: p.lastModified };
      } catch (err) {
        // HEAD has no body; Azure still names a missing container, but like S3 (and as the generic
        // backend expects) a key in a missing container is simply absent: callers check the marker.
        const e = fail(err, `head ${key}`, signal);
        if (e.kind === "missing" || e.kind === "no-container") return undefined;
        throw e;
      }
    },

    async *list(prefix, { signal }) {
      const pages = container
        .listBlobsFlat({ prefix, abortSignal: signal })
        .byPage({ maxPageSize: pageSize });
      for (;;) {
        let page: Awaited<ReturnType<typeof pages.next>>;
        try {
          page = await pages.next();
        } catch (err) {
          throw fail(err, `list "${prefix}"`, signal);
        }
        if (page.done) return;
        yield page.value.segment.blobItems.map((item) => ({
          key: item.name,
          tag: bareTag(item.properties.etag),
          size: item.properties.contentLength ?? 0,
          lastModified: item.properties.lastModified,
        }));
      }
    },

    put(key, body, condition, { signal }) {
      const blob = writes.getBlockBlobClient(key);
      return writeConditionally(`write ${key}`, condition, signal, retry, (conditions) =>
        blob.upload(body, body.length, { conditions, abortSignal: signal }),
      ).catch((err) => {
        throw fail(err, `write ${key}`, signal);
      });
    },

    async delete(key, { signal, ifMatch }) {
      try {
        const conditions =
          ifMatch === undefined ? undefined : { ifMatch: ifMatch === "*" ? "*" : `"${ifMatch}"` };
        await container.getBlobClient(key).delete({ conditions, abortSignal: signal });
        return true;
      } catch (err) {
        const e = fail(err, `delete ${key}`, signal);
        if (e.kind === "missing" || e.kind === "no-container") return ifMatch === undefined;
        // With If-Match, a blob that changed or is gone answers 412: it is not the version asked for.
        if (e.kind === "condition" && ifMatch !== undefined) return false;
        throw e;
      }
    },

    deleteMany(keys, { signal }) {
      return deleteBlobs(container, keys, signal).catch((err) => {
        throw fail(err, `delete ${keys.length} blobs`, signal);
      });
    },

    beginUpload: (key, { signal }) => beginBlocks(uploads, key, signal),
    uploadPart: (key, uploadId, partNumber, body, { signal }) =>
      stageBlock(uploads, key, uploadId, partNumber, body, signal),
    completeUpload: (key, uploadId, parts, condition, { signal }) =>
      commitBlocks(uploads, key, uploadId, parts, condition, signal),
    abortUpload: (key, uploadId, { signal }) => abortBlocks(uploads, key, uploadId, signal),
    listUploads: (prefix, { signal }) => listUncommitted(uploads, prefix, signal),

    async createContainer({ signal }) {
      try {
        const answer = await container.createIfNotExists({ abortSignal: signal });
        // Azure drops uncommitted blocks after 7 days by itself: the rule is built in.
        return { created: answer.succeeded, expiryRuleSet: true };
      } catch (err) {
        throw fail(err, `create container ${options.container}`, signal);
      }
    },

    async destroyContainer({ signal }) {
      try {
        await container.deleteIfExists({ abortSignal: signal });
      } catch (err) {
        throw fail(err, `delete container ${options.container}`, signal);
      }
    },

    presignRead: (key, seconds) => presign(conn, options.container, key, seconds),

    ...createExternalTransfers(conn, container, (key, seconds) =>
      presign(conn, options.container, key, seconds),
    ),

    close() {
      // The SDK's clients hold no resources of their own (the HTTP agent is shared and keeps no process alive).
    },
  };
}

async function presign(
  conn: AzureConnection,
  containerName: string,
  key: string,
  seconds: number,
): Promise<string> {
  const lifetime = Math.min(Math.max(Math.floor(seconds), 1), MAX_PRESIGN_SECONDS);
  const startsOn = new Date(Date.now() - SAS_START_SKEW_MS);
  const expiresOn = new Date(Date.now() + lifetime * 1000);
  const values = {
    containerName,
    blobName: key,
    permissions: BlobSASPermissions.parse("r"),
    startsOn,
    expiresOn,
  };
  const url = conn.service.getContainerClient(containerName).getBlobClient(key).url.split("?")[0];
  if (conn.sharedKey) return `${url}?${generateBlobSASQueryParameters(values, conn.sharedKey).toString()}`;
  if (conn.token) {
    try {
      const key = await conn.service.getUserDelegationKey(startsOn, expiresOn);
      return `${url}?${generateBlobSASQueryParameters(values, key, conn.account).toString()}`;
    } catch (err) {
      throw classifyAzureError(err, `get a user delegation key to sign a URL for ${key}`);
    }
  }
  throw new ObjectStoreError(
    "unsupported",
    `a read-only URL needs an account key or a Microsoft Entra credential; ${conn.source} is a SAS token, which is not handed out`,
  );
}
