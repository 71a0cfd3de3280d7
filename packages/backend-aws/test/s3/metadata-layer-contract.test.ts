import { describeMetadataLayer } from "@jobstore/conformance";
import { describe } from "vitest";
import { createS3MetadataLayer } from "../../src/index.js";
import { bucketHooks } from "./layer-fixture.js";
import { makeS3Client, removeBucket, s3Available, uniqueName } from "./s3-fixture.js";

// The MetadataLayer contract on the object metadata layer over the S3 adapter, against radosgw: a fresh
// bucket per test, each handle with its own client (as another process would have).
describe.skipIf(!s3Available)("s3: metadata layer", () => {
  describeMetadataLayer({
    name: "objects on S3 (radosgw)",
    async target() {
      const bucket = uniqueName("mlc");
      const admin = makeS3Client();
      const clients = [admin];
      return {
        storage: bucketHooks(admin, bucket),
        layer() {
          const s3 = makeS3Client();
          clients.push(s3);
          return createS3MetadataLayer({ s3, bucket });
        },
        async dispose() {
          await removeBucket(admin, bucket).catch(() => undefined);
          for (const client of clients) client.destroy();
        },
      };
    },
  });
});
