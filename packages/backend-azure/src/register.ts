import { registerBackend } from "@jobstore/core";
import { azureBackendFactory } from "./azure-backend.js";

// Importing the package registers its scheme with core's `openJobStore`.
registerBackend("azure", azureBackendFactory);
