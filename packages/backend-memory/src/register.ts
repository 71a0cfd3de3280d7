import { registerBackend } from "@jobstore/core";
import { memoryBackendFactory } from "./memory-backend-factory.js";

// Importing the package registers its scheme: `openJobStore("memory:...")` finds this package by the
// `jobstore.schemes` field of its package.json and imports it.
registerBackend("memory", memoryBackendFactory);
