import { randomBytes } from "node:crypto";
import type { S3Client } from "@aws-sdk/client-s3";
import { createS3Backend, type S3BackendOptions } from "../../src/index.js";
import { makeS3Client, s3Stack } from "./s3-client.js";

// No vitest here: child processes import this too.

/** 5 MiB parts (S3's minimum), so multipart paths run with small test files. */
export const TEST_PART_SIZE = 5 * 1024 * 1024;

/** One fixed key per test run, so every handle of an encrypted store reads what the others wrote. */
export const TEST_KEY = randomBytes(32);

/** An `s3:` backend on the local stack, on `s3` (default: a fresh client). */
export function localS3Backend(name: string, overrides: Partial<S3BackendOptions> = {}, s3?: S3Client) {
  return createS3Backend({
    region: s3Stack.region,
    namePrefix: name,
    s3: s3 ?? makeS3Client(),
    partSize: TEST_PART_SIZE,
    ...overrides,
  });
}

/** A fresh `s3:` store name. */
export const uniqueStoreName = () => `s3b-${randomBytes(6).toString("hex")}`;
