import type { S3Client } from "@aws-sdk/client-s3";
import { describeMetadataLayer } from "@jobstore/conformance";
import { describe } from "vitest";
import { createS3ContentLayer, createSimpleDbMetadataLayer } from "../../../src/index.js";
import { resourceNames } from "../../../src/names.js";
import { makeS3, makeSimpleDb, stack, stackAvailable, uniquePrefix } from "../../local-stack.js";

// The MetadataLayer contract on the SimpleDB layer (aws:'s), against simpledb-local, with the S3 content
// layer for the bucket and the overlarge jobs: a fresh name prefix per test, each handle with its own
// clients (as another process would have).
describe.skipIf(!stackAvailable)("aws: metadata layer", () => {
  describeMetadataLayer({
    name: "SimpleDB (simpledb-local)",
    async target() {
      const names = resourceNames(uniquePrefix("mlc"));
      const s3Clients: S3Client[] = [];
      const content = () => {
        const s3 = makeS3();
        s3Clients.push(s3);
        return createS3ContentLayer({ region: stack.region, bucket: names.bucket, s3 });
      };
      const storage = content();
      const sdbClients: ReturnType<typeof makeSimpleDb>[] = [];
      return {
        storage: storage.storage,
        layer() {
          const simpleDb = makeSimpleDb();
          sdbClients.push(simpleDb);
          return createSimpleDbMetadataLayer({ region: stack.region, names, simpleDb, blobs: content() });
        },
        async dispose() {
          for (const client of s3Clients) client.destroy();
          for (const client of sdbClients) client.destroy();
        },
      };
    },
  });
});
