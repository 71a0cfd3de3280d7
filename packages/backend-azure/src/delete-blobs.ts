import { type ContainerClient, RestError } from "@azure/storage-blob";
import { forEachLimited } from "@jobstore/core";
import { BATCH_DELETE_SIZE } from "./capabilities.js";
import { azureErrorCode, checkSignal, classifyAzureError } from "./classify-error.js";

// Single deletes in flight where the server has no blob batch.
const DELETE_CONCURRENCY = 8;
// Batch requests in flight. Azurite handles concurrent batches much slower than one after another (256
// deletes: 6 s alone, 31 s for two at once on a loaded 2-core machine), so one.
const BATCHES_IN_FLIGHT = 1;

async function deleteOne(container: ContainerClient, key: string, signal?: AbortSignal): Promise<void> {
  try {
    await container.getBlobClient(key).delete({ abortSignal: signal });
  } catch (err) {
    if (azureErrorCode(err) !== "BlobNotFound") throw classifyAzureError(err, `delete ${key}`, signal);
  }
}

async function deleteBatch(container: ContainerClient, keys: readonly string[], signal?: AbortSignal) {
  const batch = container.getBlobBatchClient();
  const answer = await batch.deleteBlobs(
    keys.map((k) => container.getBlobClient(k)),
    { abortSignal: signal },
  );
  // Sub-responses come in the order of the requests.
  answer.subResponses.forEach((sub, index) => {
    if (sub.status < 300 || sub.errorCode === "BlobNotFound") return;
    const err = new RestError(sub.statusMessage, { statusCode: sub.status, code: sub.errorCode });
    throw classifyAzureError(err, `delete ${keys[index]}`, signal);
  });
}

/**
 * Deletes `keys`, {@link BATCH_DELETE_SIZE} per blob batch request; missing blobs are fine. A server without
 * blob batch (a refusal of the whole batch as unsupported or invalid) gets single deletes.
 */
export async function deleteBlobs(container: ContainerClient, keys: readonly string[], signal?: AbortSignal) {
  try {
    await deleteChunks(container, keys, signal);
  } catch (err) {
    // Keys in a missing container are absent: nothing to delete.
    if (classifyAzureError(err, `delete ${keys.length} blobs`, signal).kind !== "no-container") throw err;
  }
}

async function deleteChunks(container: ContainerClient, keys: readonly string[], signal?: AbortSignal) {
  checkSignal(signal, `delete ${keys.length} blobs`);
  const chunks: string[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_DELETE_SIZE) chunks.push(keys.slice(i, i + BATCH_DELETE_SIZE));
  await forEachLimited(chunks, BATCHES_IN_FLIGHT, async (chunk) => {
    if (chunk.length === 1) return deleteOne(container, chunk[0] as string, signal);
    try {
      await deleteBatch(container, chunk, signal);
    } catch (err) {
      const e = classifyAzureError(err, `delete ${chunk.length} blobs`, signal);
      if (e.kind !== "unsupported" && e.kind !== "invalid") throw e;
      await forEachLimited(chunk, DELETE_CONCURRENCY, (key) => deleteOne(container, key, signal));
    }
  });
}
