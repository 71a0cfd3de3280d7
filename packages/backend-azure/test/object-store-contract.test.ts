import { fileURLToPath } from "node:url";
import { describeObjectStore } from "@jobstore/conformance";
import { describe, it } from "vitest";
import { CONNECTION_STRING, SKIP_REASON } from "./azure-fixture.js";

// The ObjectStore contract on the Azure adapter against Azurite, racing conditions in worker processes.
if (CONNECTION_STRING) {
  describeObjectStore({
    name: "azure (Azurite)",
    factory: {
      module: fileURLToPath(new URL("./object-store-contract-factory.ts", import.meta.url)),
      export: "createContractObjectStore",
    },
  });
} else {
  describe("object store contract: azure", () => {
    it.skip(SKIP_REASON, () => {});
  });
}
