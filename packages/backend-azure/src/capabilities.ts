import type { ObjectStoreCapabilities } from "@jobstore/object-store";

const MiB = 2 ** 20;

/** Most blocks one block blob may have. */
export const MAX_BLOCKS = 50_000;
/** Largest staged block (service version 2019-12-12 and later). */
export const MAX_BLOCK_BYTES = 4000 * MiB;
/** Most sub-requests one blob batch may carry. */
export const BATCH_DELETE_SIZE = 256;
/** Most blobs one List Blobs page returns. */
export const LIST_PAGE_SIZE = 5000;
/** Longest public URL: 7 days, the longest a user delegation key lives (account-key SAS URLs use the same limit). */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** Largest blob Copy Blob From URL copies synchronously. */
export const MAX_SYNC_COPY_BYTES = 256 * MiB;
/** Azure drops the uncommitted blocks of a blob 7 days after they were staged. */
export const UNCOMMITTED_BLOCK_EXPIRY_DAYS = 7;

/**
 * What Azure Blob Storage offers, derived from the limits above: block blobs (no minimum block size),
 * conditions honoured on puts, deletes and `commitBlockList`, batch deletes, SAS URLs, server-side copy.
 *
 * @public
 */
export const AZURE_CAPABILITIES: ObjectStoreCapabilities = Object.freeze({
  tagFormat: "Azure ETag (0x-prefixed hex)",
  minPartSize: 1,
  maxPartSize: MAX_BLOCK_BYTES,
  maxParts: MAX_BLOCKS,
  deleteBatchSize: BATCH_DELETE_SIZE,
  listPageSize: LIST_PAGE_SIZE,
  maxPresignSeconds: MAX_PRESIGN_SECONDS,
  maxCopyBytes: MAX_SYNC_COPY_BYTES,
  incompleteUploadExpiryDays: UNCOMMITTED_BLOCK_EXPIRY_DAYS,
  ifMatchAny: true,
  conditionalDelete: true,
  conditionalComplete: true,
  externalSchemes: Object.freeze(["https", "http"]),
});
