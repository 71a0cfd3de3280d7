export { createFileOps, type FileOps } from "./create-file-ops.js";
export { INLINE_LIMIT } from "./file-items.js";
export { MAX_PUBLIC_URL_SECONDS } from "./public-urls.js";
export { TRANSFER_SCHEMES, type ImportTarget } from "./transfer.js";
export { BATCH_DELETE_ITEMS } from "./job-file-cleanup.js";
export { DELETE_OBJECTS_BATCH } from "./bucket-cleanup.js";
