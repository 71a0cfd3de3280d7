import { fileURLToPath } from "node:url";
import { describeObjectStore } from "@jobstore/conformance";
import { describe, it } from "vitest";
import type { ContractFactoryConfig } from "./object-store-contract-factory.js";
import { S3_SKIP_MESSAGE, s3Available } from "./s3-fixture.js";

// The ObjectStore contract on the S3 adapter against the local S3 server (radosgw), racing conditions in
// several worker processes.
if (s3Available) {
  const config: ContractFactoryConfig = { ifMatch: "unquoted" };
  describeObjectStore({
    name: "s3 (local radosgw)",
    factory: {
      module: fileURLToPath(new URL("./object-store-contract-factory.ts", import.meta.url)),
      export: "createContractObjectStore",
      config,
    },
  });
} else {
  describe("object store contract: s3", () => {
    it.skip(S3_SKIP_MESSAGE, () => {});
  });
}
