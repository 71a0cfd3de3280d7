import { randomBytes } from "node:crypto";
import type { ContainerClient } from "@azure/storage-blob";
import {
  type IncompleteUpload,
  ObjectStoreError,
  type UploadedPart,
  type WriteCondition,
  type WriteOutcome,
} from "@jobstore/object-store";
import { MAX_BLOCKS } from "./capabilities.js";
import { azureErrorCode, checkSignal, classifyAzureError } from "./classify-error.js";
import { type AzureWriteRetry, writeConditionally } from "./conditional-write.js";

// Every block ID of a blob must have one length: a 16-hex-digit upload ID and a 6-digit part number.
const UPLOAD_ID = /^[0-9a-f]{16}$/;
const PART_DIGITS = 6;

/** The containers an upload works in: `service` with the SDK's retries, `writes` without. */
export interface UploadContainers {
  service: ContainerClient;
  writes: ContainerClient;
  retry: AzureWriteRetry;
  /** Most blobs one listing request asks for (the adapter's declared `listPageSize`). */
  pageSize: number;
}

// Azure has no upload object: an upload is its staged blocks. Its marker, a one-byte block numbered 0
// staged by beginUpload and never committed, makes an upload visible before its first part, and its
// absence tells uploadPart that the upload was aborted or completed.
const MARKER_PART = 0;

function rawBlockId(uploadId: string, partNumber: number): string {
  return Buffer.from(uploadId + String(partNumber).padStart(PART_DIGITS, "0")).toString("base64");
}

/** The block ID of part `partNumber` of an upload: base64 of the upload ID and the zero-padded part number. */
export function blockId(uploadId: string, partNumber: number): string {
  if (!UPLOAD_ID.test(uploadId)) {
    throw new ObjectStoreError("invalid", `"${uploadId}" is not an upload ID of this adapter`);
  }
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_BLOCKS) {
    throw new ObjectStoreError("invalid", `part number ${partNumber} is not 1..${MAX_BLOCKS}`);
  }
  return rawBlockId(uploadId, partNumber);
}

function uploadIdOfBlock(id: string): string {
  return Buffer.from(id, "base64").toString("latin1").slice(0, 16);
}

/** Begins an upload of `key`: a fresh upload ID (the prefix of its block IDs), and its marker block staged. */
export async function beginBlocks(c: UploadContainers, key: string, signal: AbortSignal | undefined) {
  checkSignal(signal, `begin an upload of ${key}`);
  const uploadId = randomBytes(8).toString("hex");
  try {
    const marker = rawBlockId(uploadId, MARKER_PART);
    await c.service.getBlockBlobClient(key).stageBlock(marker, Buffer.alloc(1), 1, { abortSignal: signal });
  } catch (err) {
    throw classifyAzureError(err, `begin an upload of ${key}`, signal);
  }
  return uploadId;
}

/**
 * Stages one block (idempotent, so the SDK's retries are safe), then checks that the upload's marker is
 * still there: if the upload was aborted or completed meanwhile, the block just staged is dropped again
 * and the part is refused as `"missing"`.
 */
export async function stageBlock(
  c: UploadContainers,
  key: string,
  uploadId: string,
  partNumber: number,
  body: Buffer,
  signal: AbortSignal | undefined,
): Promise<UploadedPart> {
  const id = blockId(uploadId, partNumber);
  checkSignal(signal, `stage block ${partNumber} of ${key}`);
  try {
    await c.service.getBlockBlobClient(key).stageBlock(id, body, body.length, { abortSignal: signal });
  } catch (err) {
    throw classifyAzureError(err, `stage block ${partNumber} of ${key}`, signal);
  }
  if (!(await uncommittedBlocks(c, key, signal)).has(rawBlockId(uploadId, MARKER_PART))) {
    await abortBlocks(c, key, uploadId, signal);
    throw new ObjectStoreError("missing", `upload ${uploadId} of ${key} is gone (aborted or completed)`);
  }
  return { partNumber, tag: id };
}

/** Commits the parts, in part-number order, as the blob `key`, in one conditional `commitBlockList`. */
export async function commitBlocks(
  c: UploadContainers,
  key: string,
  uploadId: string,
  parts: readonly UploadedPart[],
  condition: WriteCondition,
  signal: AbortSignal | undefined,
): Promise<WriteOutcome> {
  checkSignal(signal, `commit ${key}`);
  const ordered = [...parts].sort((a, b) => a.partNumber - b.partNumber);
  for (const part of ordered) {
    if (part.tag !== blockId(uploadId, part.partNumber)) {
      throw new ObjectStoreError("invalid", `part ${part.partNumber} of ${key} is not of upload ${uploadId}`);
    }
  }
  const blob = c.writes.getBlockBlobClient(key);
  const ids = ordered.map((p) => p.tag);
  try {
    return await writeConditionally(`commit ${key}`, condition, signal, c.retry, (conditions) =>
      blob.commitBlockList(ids, { conditions, abortSignal: signal }),
    );
  } catch (err) {
    // A block list naming blocks that are gone: the upload was aborted (or completed) meanwhile.
    if (azureErrorCode((err as Error).cause) !== "InvalidBlockList") throw err;
    throw new ObjectStoreError("missing", `upload ${uploadId} of ${key} is gone (aborted or completed)`, {
      cause: err,
    });
  }
}

/** The IDs of the uncommitted blocks of `key`; empty when the blob is gone. */
async function uncommittedBlocks(
  c: UploadContainers,
  key: string,
  signal?: AbortSignal,
): Promise<Set<string>> {
  try {
    const list = await c.service.getBlockBlobClient(key).getBlockList("uncommitted", { abortSignal: signal });
    return new Set((list.uncommittedBlocks ?? []).map((b) => b.name));
  } catch (err) {
    if (azureErrorCode(err) === "BlobNotFound") return new Set();
    throw classifyAzureError(err, `list the blocks of ${key}`, signal);
  }
}

/** The upload IDs of the uncommitted blocks of `key`. */
async function uncommittedUploads(
  c: UploadContainers,
  key: string,
  signal?: AbortSignal,
): Promise<Set<string>> {
  return new Set([...(await uncommittedBlocks(c, key, signal))].map(uploadIdOfBlock));
}

/**
 * Drops the uncommitted blocks of an upload. Azure has no call for that: committing an empty block list
 * drops every uncommitted block of the blob, so on a key with no committed blob we commit an empty blob
 * (only if none exists: `If-None-Match: *`) and delete that very version (`If-Match` its ETag), which
 * never touches a blob someone else committed meanwhile. On a key that has a committed blob, the blocks
 * stay until the blob's next write or Azure's 7-day expiry: rewriting it would change its ETag under the
 * readers that condition on it.
 */
export async function abortBlocks(
  c: UploadContainers,
  key: string,
  uploadId: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  checkSignal(signal, `abort an upload of ${key}`);
  if (!(await uncommittedUploads(c, key, signal)).has(uploadId)) return;
  const blob = c.writes.getBlockBlobClient(key);
  const empty = await writeConditionally(
    `abort upload of ${key}`,
    { ifNoneMatch: "*" },
    signal,
    c.retry,
    (conditions) => blob.commitBlockList([], { conditions, abortSignal: signal }),
  );
  if (!empty.written) return;
  try {
    await c.service
      .getBlockBlobClient(key)
      .delete({ conditions: { ifMatch: `"${empty.tag}"` }, abortSignal: signal });
  } catch (err) {
    const e = classifyAzureError(err, `abort upload of ${key}`, signal);
    if (e.kind !== "condition" && e.kind !== "missing") throw e;
  }
}

async function isUncommitted(c: UploadContainers, key: string, signal?: AbortSignal): Promise<boolean> {
  try {
    await c.service.getBlockBlobClient(key).getProperties({ abortSignal: signal });
    return false;
  } catch (err) {
    if (azureErrorCode(err) === "BlobNotFound") return true;
    throw classifyAzureError(err, `head ${key}`, signal);
  }
}

/**
 * Blobs under `prefix` that have uncommitted blocks and no committed version, one entry per upload ID.
 * A listing that includes uncommitted blobs shows them with size 0 and no committed version, so only
 * the empty entries are checked, one HEAD each.
 */
export async function* listUncommitted(
  c: UploadContainers,
  prefix: string,
  signal: AbortSignal | undefined,
): AsyncIterable<IncompleteUpload[]> {
  checkSignal(signal, `list uploads under "${prefix}"`);
  const pages = c.service
    .listBlobsFlat({ prefix, includeUncommitedBlobs: true, abortSignal: signal })
    .byPage({ maxPageSize: c.pageSize });
  for (;;) {
    let page: Awaited<ReturnType<typeof pages.next>>;
    try {
      page = await pages.next();
    } catch (err) {
      throw classifyAzureError(err, `list uploads under "${prefix}"`, signal);
    }
    if (page.done) return;
    const found: IncompleteUpload[] = [];
    for (const item of page.value.segment.blobItems) {
      if ((item.properties.contentLength ?? 0) > 0 || !(await isUncommitted(c, item.name, signal))) continue;
      for (const uploadId of await uncommittedUploads(c, item.name, signal)) {
        found.push({ key: item.name, uploadId, initiated: item.properties.createdOn });
      }
    }
    if (found.length > 0) yield found;
  }
}
