import { fileURLToPath } from "node:url";
import {
  HeadBucketCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  type S3Client,
} from "@aws-sdk/client-s3";
import { ListDomainsCommand } from "@jobstore/client-simpledb";
import {
  type DurabilityOptions,
  describeJobStoreDurability,
  type FaultEnvironment,
  startFaultProxy,
} from "@jobstore/conformance";
import { startSimpleDbLocal } from "@jobstore/simpledb-local";
import { describe } from "vitest";
import { resourceNames, s3BucketName } from "../src/index.js";
import { makeS3, makeSimpleDb, stack, stackAvailable } from "./local-stack.js";

// The durability suite on the local stack (radosgw + simpledb-local): workers are real processes that
// import this package (which registers aws: and s3:) and open the store by locator; endpoints and
// credentials reach them through the environment. JOBSTORE_DURABILITY_SCALE multiplies the counts.
const workerModule = fileURLToPath(new URL("../src/index.ts", import.meta.url));
const PART_SIZE = 5 * 1024 * 1024;

/** What of a bucket remains: objects and incomplete multipart uploads (none when it is gone). */
async function bucketResidue(s3: S3Client, bucket: string): Promise<string[]> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    return [];
  }
  const objects = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return [
    `bucket ${bucket}`,
    ...(objects.Contents ?? []).map((o) => `object ${o.Key}`),
    ...(uploads.Uploads ?? []).map((u) => `multipart upload ${u.Key}`),
  ];
}

async function awsResidue(locator: string): Promise<string[]> {
  const names = resourceNames(locator.split(":")[2] as string);
  const s3 = makeS3();
  const sdb = makeSimpleDb();
  try {
    const domains = (await sdb.send(new ListDomainsCommand({}))).DomainNames ?? [];
    return [
      ...(await bucketResidue(s3, names.bucket)),
      ...domains.filter((d) => d === names.jobsDomain || d === names.filesDomain).map((d) => `domain ${d}`),
    ];
  } finally {
    s3.destroy();
  }
}

async function s3Residue(locator: string): Promise<string[]> {
  const s3 = makeS3();
  try {
    return await bucketResidue(s3, s3BucketName(locator.split(":")[2] as string));
  } finally {
    s3.destroy();
  }
}

/**
 * Fault injectors: a TCP fault proxy in front of radosgw and, for aws:, a private simpledb-local with a
 * fault rate behind a second proxy (the shared one must not fail other people's tests).
 */
async function faultEnvironment(withSimpleDb: boolean): Promise<FaultEnvironment> {
  const s3Proxy = await startFaultProxy({ upstream: stack.s3Endpoint as string, rate: 0.03 });
  const sdb = withSimpleDb ? await startSimpleDbLocal({ port: 0 }) : undefined;
  const sdbProxy = sdb ? await startFaultProxy({ upstream: sdb.endpoint, rate: 0.03 }) : undefined;
  const sdbFaults = { rate: 0.03, statuses: [500, 503] as Array<500 | 503> };
  let sdbRequests = 0;
  return {
    env: {
      AWS_ENDPOINT_URL_S3: s3Proxy.endpoint,
      ...(sdbProxy ? { AWS_ENDPOINT_URL_SIMPLEDB: sdbProxy.endpoint } : {}),
    },
    enable() {
      s3Proxy.enable();
      sdbProxy?.enable();
      sdb?.resetStats();
      sdb?.setFaults(sdbFaults);
    },
    disable() {
      s3Proxy.disable();
      sdbProxy?.disable();
      // simpledb-local counts requests, not faults: report how many ran under the 5xx rate.
      if (sdb?.faults) sdbRequests += Object.values(sdb.stats()).reduce((a, b) => a + b, 0);
      sdb?.setFaults(undefined);
    },
    injected() {
      const prefix = (p: string, counts: Record<string, number>) =>
        Object.fromEntries(Object.entries(counts).map(([k, v]) => [`${p}-${k}`, v]));
      return {
        ...prefix("s3", s3Proxy.injected()),
        ...(sdbProxy ? prefix("sdb", sdbProxy.injected()) : {}),
        ...(sdb ? { [`sdb-requests-at-${sdbFaults.rate * 100}%-5xx`]: sdbRequests } : {}),
      };
    },
    async teardown() {
      await s3Proxy.close();
      await sdbProxy?.close();
      await sdb?.close();
    },
  };
}

const common: Omit<DurabilityOptions, "name" | "locator"> = {
  workerModule,
  openOptions: { partSize: PART_SIZE },
};

describe.skipIf(!stackAvailable)("durability on radosgw + simpledb-local", () => {
  describeJobStoreDurability({
    ...common,
    name: "aws",
    locator: ({ tag }) => `aws:${stack.region}:dur-${tag}`,
    residue: awsResidue,
    faults: { setup: () => faultEnvironment(true) },
  });
  describeJobStoreDurability({
    ...common,
    name: "s3",
    locator: ({ tag }) => `s3:${stack.region}:dur-${tag}`,
    residue: s3Residue,
    faults: { setup: () => faultEnvironment(false) },
  });
});
