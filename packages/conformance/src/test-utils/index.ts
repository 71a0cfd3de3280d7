export { collect } from "./collect.js";
export { type StalledUpload, type StalledUploadOptions, startStalledUpload } from "./stalled-upload.js";
export { startChild, type TestChild } from "./start-child.js";
export { thrownCode } from "./thrown-code.js";
