// Type-checked (not run) under `nodenext` and `bundler` resolution: the published .d.ts must resolve and
// describe the API as documented.

import { S3Client } from "@aws-sdk/client-s3";
import { createS3Backend } from "@jobstore/backend-aws";
import { createAzureBackend } from "@jobstore/backend-azure";
import { createFileBackend } from "@jobstore/backend-file";
import { createMemoryBackend } from "@jobstore/backend-memory";
import { SimpleDbClient } from "@jobstore/client-simpledb";
import { describeJobStoreConformance } from "@jobstore/conformance";
import { startChild, type TestChild } from "@jobstore/conformance/test-utils";
import {
  createJobStore,
  type FileInfo,
  isJobStoreError,
  type JobStore,
  type JobStoreBackend,
  openJobStore,
  type StoredJob,
} from "@jobstore/core";
import { startSimpleDbLocal } from "@jobstore/simpledb-local";

export async function roundTrip(locator: string): Promise<StoredJob> {
  const store: JobStore = await openJobStore(locator);
  await store.initialize();
  const job = await store.createJob(store.assignJobId({ jobName: "typed" }));
  const files: FileInfo[] = [];
  for await (const info of store.listFiles()) files.push(info);
  try {
    return await store.loadJob(job.jobStoreId);
  } catch (err) {
    if (isJobStoreError(err, "JOBSTORE_NO_SUCH_JOB")) throw new Error("vanished");
    throw err;
  } finally {
    await store.close();
  }
}

export const backends: Array<() => JobStoreBackend> = [
  () => createMemoryBackend({ name: "typed" }),
  () => createFileBackend({ path: "/tmp/typed" }),
];
export const wrapped: JobStore = createJobStore(createMemoryBackend({ name: "x" }));
export const used = [describeJobStoreConformance, startSimpleDbLocal, SimpleDbClient, createS3Backend];
// The test-utils subpath resolves to its own declarations.
export const startWriter = (script: URL): TestChild => startChild(script, ["--once"]);

export const azure: JobStoreBackend = createAzureBackend({ account: "devstoreaccount1", container: "typed" });

// A user's own S3Client (the peer dependency's, whatever 3.x release the user has) is accepted as is.
export const ownClient = createS3Backend({
  region: "us-east-1",
  namePrefix: "typed-run",
  s3: new S3Client({}),
});
