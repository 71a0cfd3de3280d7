// End-to-end S3 smoke test against the stack started by scripts/local-aws.
// Usage: eval "$(scripts/local-aws env)"; node scripts/local-aws.d/smoke-s3.mjs
// Resolves @aws-sdk/client-s3 from packages/backend-aws (pnpm workspace) or from NODE_PATH/cwd.

import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
function load(name) {
  const bases = [
    path.join(repo, "packages/backend-aws/package.json"),
    path.join(process.cwd(), "package.json"),
  ];
  for (const base of bases) {
    try {
      return createRequire(base)(name);
    } catch {}
  }
  throw new Error(`cannot resolve ${name} (run pnpm install, or npm i ${name} in the current directory)`);
}
const s3sdk = load("@aws-sdk/client-s3");
const {
  S3Client,
  CreateBucketCommand,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  DeleteObjectsCommand,
  DeleteBucketCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  CompleteMultipartUploadCommand,
  ListBucketsCommand,
} = s3sdk;

const endpoint = process.env.AWS_ENDPOINT_URL_S3;
if (!endpoint) throw new Error('AWS_ENDPOINT_URL_S3 is not set (eval "$(scripts/local-aws env)")');

const s3 = new S3Client({
  endpoint,
  region: process.env.AWS_REGION ?? "us-east-1",
  forcePathStyle: true,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});
// A second client configured only through the environment (endpoint, checksum mode, credentials).
const s3env = new S3Client({ forcePathStyle: true });

const md5 = (b) => createHash("md5").update(b).digest("hex");
const bodyBytes = async (r) => Buffer.from(await r.Body.transformToByteArray());
const t0 = Date.now();
let last = t0;
const ok = (cond, msg) => {
  if (!cond) throw new Error(`FAILED: ${msg}`);
  const now = Date.now();
  console.log(`ok  ${msg} (${now - last} ms)`);
  last = now;
};
const bucket = `smoke-${Date.now()}-${randomBytes(3).toString("hex")}`;

await s3.send(new CreateBucketCommand({ Bucket: bucket }));
ok(true, `CreateBucket ${bucket}`);
const buckets = await s3env.send(new ListBucketsCommand({}));
ok(
  buckets.Buckets.some((b) => b.Name === bucket),
  "ListBuckets (env-only client) sees the bucket",
);

const small = randomBytes(1000);
const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a/small.bin", Body: small }));
ok(put.ETag === `"${md5(small)}"`, `PutObject small, ETag ${put.ETag}`);
const got = await bodyBytes(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "a/small.bin" })));
ok(got.equals(small), "GetObject round trip");

// stream body with a known length (WHEN_REQUIRED: no aws-chunked trailer, which Pacific rejects)
const streamed = randomBytes(3 * 1024 * 1024 + 7);
await s3env.send(
  new PutObjectCommand({
    Bucket: bucket,
    Key: "a/stream.bin",
    Body: Readable.from([streamed]),
    ContentLength: streamed.length,
  }),
);
const gotStreamed = await bodyBytes(
  await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "a/stream.bin" })),
);
ok(gotStreamed.equals(streamed), "PutObject stream body with ContentLength (env-only client)");

// conditional write: radosgw wants the ETag without quotes
const unquoted = put.ETag.replaceAll('"', "");
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "a/small.bin", Body: small, IfMatch: unquoted }));
ok(true, "PutObject IfMatch with unquoted ETag");

// multipart ~12 MiB, 5 MiB parts
const big = randomBytes(12 * 1024 * 1024 + 12345);
const partSize = 5 * 1024 * 1024;
const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "b/big.bin" }));
const parts = [];
for (let i = 0, n = 1; i < big.length; i += partSize, n++) {
  const r = await s3.send(
    new UploadPartCommand({
      Bucket: bucket,
      Key: "b/big.bin",
      UploadId,
      PartNumber: n,
      Body: big.subarray(i, i + partSize),
    }),
  );
  parts.push({ PartNumber: n, ETag: r.ETag });
}
const done = await s3.send(
  new CompleteMultipartUploadCommand({
    Bucket: bucket,
    Key: "b/big.bin",
    UploadId,
    MultipartUpload: { Parts: parts },
  }),
);
ok(true, `CompleteMultipartUpload (${parts.length} parts), ETag in response: ${JSON.stringify(done.ETag)}`);
const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: "b/big.bin" }));
ok(
  head.ContentLength === big.length && /-3"$/.test(head.ETag),
  `HeadObject ${head.ContentLength} bytes, ETag ${head.ETag}`,
);
const gotBig = await bodyBytes(await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "b/big.bin" })));
ok(gotBig.equals(big), "GetObject multipart round trip");

const list = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
const keys = (list.Contents ?? []).map((o) => o.Key).sort();
ok(
  JSON.stringify(keys) === JSON.stringify(["a/small.bin", "a/stream.bin", "b/big.bin"]),
  `ListObjectsV2 ${keys.join(",")}`,
);

const del = await s3.send(
  new DeleteObjectsCommand({
    Bucket: bucket,
    Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
  }),
);
ok(!del.Errors?.length, "DeleteObjects");
const after = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
ok(!after.Contents?.length, "bucket empty after DeleteObjects");
await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
ok(true, "DeleteBucket");
console.log(`all S3 checks passed in ${Date.now() - t0} ms`);
