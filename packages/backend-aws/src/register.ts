import { registerBackend } from "@jobstore/core";
import { awsBackendFactory } from "./locator.js";
import { s3BackendFactory } from "./s3-backend.js";

// Importing the package registers its schemes with core's `openJobStore`.
registerBackend("aws", awsBackendFactory);
registerBackend("s3", s3BackendFactory);
