import "./register.js";

export { BACKEND_NAME, createMemoryBackend, MEMORY_STORE_NAME } from "./memory-backend.js";
export { memoryBackendFactory } from "./memory-backend-factory.js";
export type { MemoryBackendOptions } from "./memory-backend-options.js";
