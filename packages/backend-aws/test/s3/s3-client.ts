import { S3Client } from "@aws-sdk/client-s3";

// No vitest here: child processes import this too.

/** The local stack's S3 endpoint and credentials (`source .local-aws/env`). */
export const s3Stack = {
  endpoint: process.env.AWS_ENDPOINT_URL_S3,
  region: process.env.AWS_REGION ?? "us-east-1",
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",
  },
};

/** A client for the local stack (path-style, no streaming checksums: radosgw needs both). */
export function makeS3Client(endpoint = s3Stack.endpoint, maxAttempts?: number): S3Client {
  return new S3Client({
    region: s3Stack.region,
    endpoint,
    forcePathStyle: true,
    credentials: s3Stack.credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
}
