import { randomBytes } from "node:crypto";
import { S3Client } from "@aws-sdk/client-s3";
import { SimpleDbClient } from "@jobstore/client-simpledb";
import { type AwsBackendOptions, createAwsBackend } from "../src/index.js";

/** The local AWS stack's settings, from `scripts/local-aws env` (exported by `npm test` as root). */
export const stack = {
  s3Endpoint: process.env.AWS_ENDPOINT_URL_S3,
  simpleDbEndpoint: process.env.AWS_ENDPOINT_URL_SIMPLEDB,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "",
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "",
  },
  region: process.env.AWS_REGION ?? "us-east-1",
};

/** Whether the AWS tests can run; in CI they must (a missing stack fails the run instead of skipping). */
export const stackAvailable = Boolean(stack.s3Endpoint && stack.simpleDbEndpoint);

export const SKIP_MESSAGE =
  "AWS backend tests skipped: no local AWS stack. Run `npm test` as root, or `sudo scripts/local-aws start` " +
  "and `source .local-aws/env` before vitest.";

if (!stackAvailable) {
  if (process.env.CI === "true") throw new Error(`CI must run the AWS tests, but ${SKIP_MESSAGE}`);
  console.warn(SKIP_MESSAGE);
}

/** A fresh name prefix per test, so tests never share resources. */
export function uniquePrefix(tag = "t"): string {
  return `${tag}-${randomBytes(6).toString("hex")}`;
}

export function makeS3(): S3Client {
  return new S3Client({
    region: stack.region,
    endpoint: stack.s3Endpoint,
    forcePathStyle: true,
    credentials: stack.credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function makeSimpleDb(endpoint = stack.simpleDbEndpoint): SimpleDbClient {
  return new SimpleDbClient({ region: stack.region, endpoint, credentials: stack.credentials });
}

/** A backend on the local stack with the test-friendly 5 MiB part size unless overridden. */
export function localBackend(namePrefix: string, overrides: Partial<AwsBackendOptions> = {}) {
  return createAwsBackend({
    region: stack.region,
    namePrefix,
    s3: makeS3(),
    simpleDb: makeSimpleDb(),
    partSize: 5 * 1024 * 1024,
    ...overrides,
  });
}
