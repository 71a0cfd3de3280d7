import { randomBytes } from "node:crypto";
import { describeJobStoreConformance } from "@jobstore/conformance";
import { fileSetup } from "./conformance-setup.js";

// Property runs are lowered (the model commands are the same as on memory) to keep the package under a minute.
describeJobStoreConformance({ name: "file", propertyRuns: 20, setup: fileSetup({}) });

describeJobStoreConformance({
  name: "file (encrypted)",
  propertyRuns: 8,
  setup: fileSetup({ encryptionKey: randomBytes(32) }),
});
