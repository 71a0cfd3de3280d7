import { registerBackend } from "@jobstore/core";
import { fileBackendFactory } from "./file-backend-factory.js";

// Importing the package registers its scheme, so `openJobStore("file:…")` finds it.
registerBackend("file", fileBackendFactory);
