import { describeJobStoreConformance } from "@jobstore/conformance";
import { fileSetup } from "./conformance-setup.js";
import { describeOn } from "./file-systems.js";

// The whole suite once more with every store behind a FUSE passthrough mount, where a lookup can miss a
// name that another call is renaming over (the unencrypted variant: encryption changes no lookup).
describeOn("FUSE", "conformance through a FUSE passthrough mount", (root) => {
  describeJobStoreConformance({ name: "file (FUSE)", propertyRuns: 10, setup: fileSetup({}, root) });
});
