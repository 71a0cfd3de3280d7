// The factory describeObjectStore loads (in the test process and in its racing worker processes): the S3
// adapter on the local stack, with its own client from the environment (AWS_ENDPOINT_URL_S3 and keys).
// No vitest here: worker processes import this module.
import type { ObjectStore } from "@jobstore/object-store";
import { createS3ObjectStore } from "../../src/index.js";
import { s3Stack } from "./s3-client.js";

/** The If-Match form of the server; the local stack is Ceph radosgw, which wants the ETag bare. */
export interface ContractFactoryConfig {
  ifMatch: "quoted" | "unquoted";
}

/** The S3 adapter on bucket `container` of the local S3 server. */
export function createContractObjectStore(container: string, config: unknown): ObjectStore {
  const { ifMatch } = config as ContractFactoryConfig;
  return createS3ObjectStore({ region: s3Stack.region, bucket: container, ifMatch });
}
