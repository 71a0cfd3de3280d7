export { createAwsBackend, INLINE_FILE_LIMIT } from "./aws-backend.js";
export { CHUNK_RAW_BYTES, MAX_CHUNKS, OVERLARGE_THRESHOLD } from "./jobs/job-items.js";
export { awsBackendFactory } from "./locator.js";
export { BACKEND_NAME } from "./map-error.js";
export { type AwsResourceNames, resourceNames } from "./names.js";
export type { AwsBackendOptions } from "./options.js";
