export { DELETE_OBJECTS_BATCH } from "./bucket-cleanup.js";
export { createFileOps, type FileOps } from "./create-file-ops.js";
export { INLINE_LIMIT } from "./file-items.js";
export { BATCH_DELETE_ITEMS } from "./job-file-cleanup.js";
export { MAX_PUBLIC_URL_SECONDS } from "./public-urls.js";
export { type ImportTarget, TRANSFER_SCHEMES } from "./transfer.js";
