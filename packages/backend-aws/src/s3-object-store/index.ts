export type { S3Client } from "@aws-sdk/client-s3";
export { conflictingRegion, isRegionRedirect } from "./bucket-region.js";
export { LIFECYCLE_RULE_ID } from "./bucket-setup.js";
export { bareEtag, type IfMatchStyle } from "./if-match-dialect.js";
export {
  ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS,
  MAX_COPY_BYTES,
  MAX_PUBLIC_URL_SECONDS,
  OBJECTS_PER_REQUEST,
  S3_CAPABILITIES,
} from "./s3-capabilities.js";
export { describeEndpoint } from "./s3-endpoint.js";
export { s3Error, s3ErrorKind } from "./s3-errors.js";
export { parseS3Url } from "./s3-external.js";
export { createS3ObjectStore, type S3ObjectStoreOptions } from "./s3-object-store.js";
