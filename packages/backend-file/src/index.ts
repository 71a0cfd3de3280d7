import "./register.js";

export { createFileBackend } from "./file-backend.js";
export { fileBackendFactory } from "./file-backend-factory.js";
export type { FileBackendOptions } from "./file-backend-options.js";
export { directFs, type FsApi, nodeFs, threadPoolFs } from "./storage/fs-api.js";
